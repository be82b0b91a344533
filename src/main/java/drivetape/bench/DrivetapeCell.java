package drivetape.bench;

import drivetape.camera.CameraCapture;
import drivetape.camera.CameraException;
import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSink;
import drivetape.camera.GrabbedFrame;
import drivetape.camera.OpenCvJpegEncoder;
import drivetape.episode.ControlHandoff;
import drivetape.episode.ControllerStats;
import drivetape.episode.EpisodeDirectory;
import drivetape.episode.EpisodeInfo;
import drivetape.episode.EpisodeTally;
import drivetape.episode.EpisodeWriter;
import drivetape.serial.ControlReader;
import drivetape.serial.ReaderCounters;
import drivetape.serial.SerialLink;
import drivetape.timing.ReceiveTimeClock;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One drivetape cell: the recorder's own components (serial reader, camera capture, episode writer with its
 * frame writer pool, the defaults of {@code drivetape record}) wired in the order {@link
 * drivetape.recording.Recording} wires them, on real threads writing a real episode.
 *
 * <p>Why not Recording itself: it keeps its reader and writer to itself, and the bench needs the reader's
 * publish-latency probe and the write queue's depth. Only the supervisor loop differs (it samples the
 * queue every 5 ms instead of printing a status line every second).
 */
final class DrivetapeCell {
    static final int QUEUE_FRAMES = 200;
    static final long QUEUE_BYTES = 256L << 20;
    static final int WRITERS = 2;
    static final int JPEG_QUALITY = 90;
    private static final long CONTROLLER_WAIT_MS = 3000;
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private DrivetapeCell() {
    }

    static CellResult run(BenchCell cell, SerialLink link, String port, int baud, ClockedCamera camera,
                          Path dataRoot, Runnable onListening) throws CameraException, IOException {
        ControlHandoff controls = ControlHandoff.create();
        ControlReader reader = new ControlReader(link, controls.ring());
        NanoHistogram controlLatency = new NanoHistogram();
        // Records from the recording window only: the hello and the first samples meet cold code.
        AtomicBoolean recording = new AtomicBoolean();
        reader.measurePublishLatency(nanos -> {
            if (recording.get()) {
                controlLatency.accept(nanos);
            }
        });
        reader.start();
        onListening.run();
        EpisodeSink sink = new EpisodeSink();
        CameraCapture capture = new CameraCapture(camera, sink);
        EpisodeWriter writer;
        Path directory;
        try {
            FrameFormat format = capture.open();
            if (!format.isJpeg()) {
                OpenCvJpegEncoder.warmUp();
            }
            awaitController(reader);
            TimeBase timeBase = TimeBase.anchorNow();
            directory = EpisodeDirectory.create(dataRoot, "bench");
            EpisodeInfo info = new EpisodeInfo(directory.getFileName().toString(), directory, timeBase, format,
                    format.isJpeg() ? null : JPEG_QUALITY, 0, port, baud);
            writer = EpisodeWriter.create(info, controls, new ReceiveTimeClock(), () -> stats(reader),
                    QUEUE_FRAMES, QUEUE_BYTES, WRITERS, OpenCvJpegEncoder::new);
        } catch (CameraException | IOException | RuntimeException e) {
            capture.close();
            reader.close();
            throw e;
        }
        FrameFileWatcher watcher = new FrameFileWatcher(directory.resolve("frames"), camera::receiveNanos);
        watcher.start();
        sink.writer = writer;
        writer.start();
        CellMeter meter = new CellMeter();
        meter.start();
        recording.set(true);
        capture.start();

        long end = meter.startNanos() + (long) (cell.seconds() * 1e9);
        long queueMax = 0;
        String problem = null;
        while (System.nanoTime() - end < 0 && problem == null) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            queueMax = Math.max(queueMax, writer.live().queueDepth());
            problem = writer.problem();
            if (problem == null && reader.failure() != null) {
                problem = "serial: " + reader.failure().getMessage();
            }
            if (problem == null && sink.ended != null) {
                problem = sink.ended;
            }
        }
        meter.stop();
        long now = System.nanoTime();
        long due = camera.dueBy(now);
        long captured = camera.delivered();
        long onDisk = watcher.filesSeen();

        capture.close();
        reader.close();
        EpisodeTally tally = writer.finish("complete", 10_000);
        watcher.close();
        NanoHistogram frames = watcher.latency();
        return new CellResult(cell, meter.windowS(), due, captured, onDisk, tally.framesWritten(),
                tally.framesDropped(), Math.max(0, due - captured), queueMax, meter.cpuPct(), meter.userPct(),
                meter.systemPct(), meter.cpuMsPerFrame(captured), ProcessStats.peakRssMb(),
                ProcessStats.peakHeapMb(), ProcessStats.directMb(), controlLatency.count(),
                controlLatency.percentileUs(0.5), controlLatency.percentileUs(0.99), controlLatency.maxUs(),
                0, 0, 0, frames.percentileUs(0.5) / 1e3, frames.percentileUs(0.99) / 1e3, frames.maxUs() / 1e3,
                camera.lag().percentileUs(0.99) / 1e3, BenchFiles.averageJpegKb(directory.resolve("frames")),
                watcher.firstFileNanos(), -1,
                problem != null ? problem : tally.problem());
    }

    private static void awaitController(ControlReader reader) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROLLER_WAIT_MS);
        while (System.nanoTime() < deadline && reader.failure() == null) {
            ReaderCounters c = reader.counters();
            if (c.hello() != null || c.samples() > 0) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static ControllerStats stats(ControlReader reader) {
        ReaderCounters c = reader.counters();
        return new ControllerStats(c.badLines(), c.lostRecords(), c.noiseLines(), c.resets(), c.bytesRead());
    }

    /** As Recording's sink: frames to the episode writer; the end of the source is remembered. */
    private static final class EpisodeSink implements FrameSink {
        volatile EpisodeWriter writer;
        volatile String ended;

        @Override
        public void onFrame(GrabbedFrame frame) {
            writer.offerFrame(frame);
        }

        @Override
        public void onEnd(CameraException errorOrNull) {
            ended = errorOrNull == null ? "the camera source ended before the duration"
                    : "camera stopped: " + errorOrNull.getMessage();
        }
    }
}
