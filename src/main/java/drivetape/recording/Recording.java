package drivetape.recording;

import drivetape.camera.CameraCapture;
import drivetape.camera.CameraException;
import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSink;
import drivetape.camera.GrabbedFrame;
import drivetape.camera.OpenCvJpegEncoder;
import drivetape.camera.FrameSource;
import drivetape.episode.ControlHandoff;
import drivetape.episode.ControllerStats;
import drivetape.episode.EpisodeDirectory;
import drivetape.episode.EpisodeInfo;
import drivetape.episode.EpisodeTally;
import drivetape.episode.EpisodeWriter;
import drivetape.episode.LiveCounts;
import drivetape.serial.ControlReader;
import drivetape.serial.ReaderCounters;
import drivetape.serial.SerialLink;
import drivetape.status.ProgressWatch;
import drivetape.status.StatusLine;
import drivetape.timing.EnvelopeClock;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One recording session: wires a control source and a frame source through timing into an episode, runs
 * until the duration, a stop request or a failure, and shuts down in reverse order of starting: sources
 * first (no new data), then the writers drain, then the metadata is finalised.
 */
public final class Recording {
    private static final long STATUS_INTERVAL_MS = 1000;
    private static final long CHECK_INTERVAL_MS = 100;
    /** How long the camera waits for the controller's first words: an Uno boots in about 1.5 s after reset. */
    static final long CONTROLLER_WAIT_MS = 3000;

    private final RecordingSettings settings;
    private final StatusLine status;

    public Recording(RecordingSettings settings, StatusLine status) {
        this.settings = settings;
        this.status = status;
    }

    /**
     * Records one episode from an open link and a not-yet-opened frame source; takes ownership of both.
     *
     * <p>Start-up order matters for timing: the serial reader starts first (a board resets when its port
     * is opened and starts talking a second or two later; every line must be stamped as it arrives, not
     * when a slower start-up step is done), the camera opens (so a bad camera is reported at once), and
     * capture starts once the controller has spoken (or after {@link #CONTROLLER_WAIT_MS}), so frames are
     * not captured with no controls to pair them with.
     *
     * @throws CameraException when the camera cannot be opened (no episode has been created then)
     * @throws IOException when the episode directory cannot be created
     */
    public Result run(SerialLink link, String controllerPort, int baud, FrameSource source, StopRequest stop,
                      RecordingListener listener) throws CameraException, IOException {
        ControlHandoff controls = ControlHandoff.create();
        ControlReader.warmUp();
        ControlReader reader = new ControlReader(link, controls.ring());
        listener.onReaderCreated(reader);
        reader.start();
        listener.onListening();
        FrameSinkToEpisode sink = new FrameSinkToEpisode(stop);
        CameraCapture capture = new CameraCapture(source, sink);
        Path directory;
        EpisodeWriter writer;
        TimeBase timeBase;
        try {
            FrameFormat format = capture.open();
            // While the board boots: first-time set-up must not delay the episode's first frames.
            EpisodeWriter.warmUp();
            if (!format.isJpeg()) {
                OpenCvJpegEncoder.warmUp();
            }
            awaitController(reader, stop, controllerPort);
            // The episode starts here, with capture: records read while waiting for the controller keep their
            // (earlier) times on the same clock; frames a camera stamped before now are not part of it.
            timeBase = TimeBase.anchorNow();
            String id = settings.episodeId() != null ? settings.episodeId()
                    : EpisodeDirectory.idFor(Instant.ofEpochSecond(0, timeBase.epochNsAtStart()));
            directory = EpisodeDirectory.create(settings.dataRoot(), id);
            EpisodeInfo info = new EpisodeInfo(directory.getFileName().toString(), directory, timeBase, format,
                    format.isJpeg() ? null : settings.jpegQuality(), settings.cameraLatencyMs(), controllerPort, baud);
            writer = EpisodeWriter.create(info, controls, new EnvelopeClock(), () -> controllerStats(reader),
                    settings.queueFrames(), settings.queueBytes(), settings.writerThreads(),
                    OpenCvJpegEncoder::new);
        } catch (CameraException | IOException | RuntimeException e) {
            capture.close();
            reader.close();
            throw e;
        }
        listener.onEpisodeCreated(directory);
        sink.writer = writer;
        writer.start();
        capture.start();
        // --duration counts capture time: the writers' start-up (encoder natives) is not recording.
        long captureStartNanos = System.nanoTime();
        listener.onCapturing(writer);

        ProgressWatch watch = new ProgressWatch(writer.expectedFrameHz());
        try {
            superviseUntilStopped(stop, writer, reader, watch, captureStartNanos);
        } finally {
            capture.close();
            reader.close();
        }
        status.endLine();
        LiveCounts left = writer.live();
        if (left.queueDepth() > 0) {
            status.info("Writing " + left.queueDepth() + " queued frames...");
        }
        String finalStatus = stop.isFailure() ? "interrupted" : "complete";
        EpisodeTally tally = writer.finish(finalStatus, settings.writerTimeoutMillis());
        return new Result(directory, tally, stop.reason());
    }

    /** Waits (briefly) for the controller's first record; says so when it stays silent. */
    private void awaitController(ControlReader reader, StopRequest stop, String port) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROLLER_WAIT_MS);
        while (System.nanoTime() < deadline && !stop.isRequested() && reader.failure() == null) {
            ReaderCounters c = reader.counters();
            if (c.hello() != null || c.samples() > 0 || c.events() > 0) {
                return;
            }
            try {
                stop.await(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!stop.isRequested() && reader.failure() == null) {
            status.warn("no data from the controller on " + port + " after " + CONTROLLER_WAIT_MS / 1000
                    + " s (is it the right port, and does --baud match the firmware?); recording anyway");
        }
    }

    private void superviseUntilStopped(StopRequest stop, EpisodeWriter writer, ControlReader reader,
                                       ProgressWatch watch, long startNanos) {
        long nextStatus = startNanos + TimeUnit.MILLISECONDS.toNanos(STATUS_INTERVAL_MS);
        try {
            while (!stop.isRequested()) {
                long now = System.nanoTime();
                double elapsed = (now - startNanos) / 1e9;
                if (settings.durationS() != null && elapsed >= settings.durationS()) {
                    stop.request("duration reached");
                    break;
                }
                String problem = writer.problem();
                if (problem != null) {
                    stop.fail(problem);
                    break;
                }
                Throwable lost = reader.failure();
                if (lost != null) {
                    stop.fail("serial link lost: " + lost.getMessage()
                            + " (check the cable; the episode keeps everything recorded so far)");
                    break;
                }
                LiveCounts counts = writer.live();
                ReaderCounters rc = reader.counters();
                if (rc.hello() != null) {
                    watch.expectControlHz(rc.hello().rateHz());
                }
                if (now - nextStatus >= 0) {
                    status.update(watch.progress(elapsed, counts, settings.durationS()));
                    for (String warning : watch.warnings(elapsed, counts)) {
                        status.warn(warning);
                    }
                    nextStatus += TimeUnit.MILLISECONDS.toNanos(STATUS_INTERVAL_MS);
                }
                long untilEnd = settings.durationS() == null ? Long.MAX_VALUE
                        : startNanos + (long) (settings.durationS() * 1e9) - now;
                long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MS), Math.max(0, untilEnd));
                stop.await(wait, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request("interrupted");
        }
    }

    private static ControllerStats controllerStats(ControlReader reader) {
        if (reader == null) {
            return ControllerStats.NONE;
        }
        ReaderCounters c = reader.counters();
        return new ControllerStats(c.badLines(), c.lostRecords(), c.noiseLines(), c.resets(), c.bytesRead());
    }

    /** The finished episode and why it ended. */
    public record Result(Path directory, EpisodeTally tally, String stopReason) {
    }

    /** Hands camera frames to the episode writer; a camera that ends or fails stops the recording. */
    private static final class FrameSinkToEpisode implements FrameSink {
        private final StopRequest stop;
        volatile EpisodeWriter writer;

        FrameSinkToEpisode(StopRequest stop) {
            this.stop = stop;
        }

        @Override
        public void onFrame(GrabbedFrame frame) {
            writer.offerFrame(frame);
        }

        @Override
        public void onEnd(CameraException errorOrNull) {
            if (errorOrNull == null) {
                stop.request("end of the video");
            } else {
                stop.fail("camera stopped: " + errorOrNull.getMessage());
            }
        }
    }
}
