package drivetape.bench;

import drivetape.timing.LatencyHistogram;
import drivetape.camera.CameraException;
import drivetape.episode.EpisodeTally;
import drivetape.episode.EpisodeWriter;
import drivetape.recording.Recording;
import drivetape.recording.RecordingListener;
import drivetape.recording.RecordingSettings;
import drivetape.recording.StopRequest;
import drivetape.serial.ControlReader;
import drivetape.serial.SerialLink;
import drivetape.status.StatusLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One drivetape cell: the real recorder ({@link Recording}, with the defaults of {@code drivetape record})
 * on real threads writing a real episode, measured through the recording's listener hooks: the reader's
 * publish latency, the write queue sampled every 5 ms, CPU over the recording window, frames on disk.
 */
final class DrivetapeCell {
    static final int QUEUE_FRAMES = 200;
    static final long QUEUE_BYTES = 256L << 20;
    static final int WRITERS = 2;
    static final int JPEG_QUALITY = 90;
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final double RUN_ON_S = 2;

    private DrivetapeCell() {
    }

    static CellResult run(BenchCell cell, SerialLink link, String port, int baud, ClockedCamera camera,
                          Path dataRoot, Runnable onListening) throws CameraException, IOException {
        // The recording runs on past the measured window, so the window's figures are read while capture is
        // still running (the recorder stopping at the same instant would freeze the frame count early).
        RecordingSettings settings = new RecordingSettings(dataRoot, "bench", cell.seconds() + RUN_ON_S,
                QUEUE_FRAMES, QUEUE_BYTES, WRITERS, JPEG_QUALITY, 10_000, 0);
        StatusLine silent = new StatusLine(new PrintStream(OutputStream.nullOutputStream()), false);
        Probes probes = new Probes(cell, camera, onListening);
        Recording.Result result;
        try {
            result = new Recording(settings, silent).run(link, port, baud, camera, new StopRequest(), probes);
        } finally {
            probes.close();
        }
        EpisodeTally tally = result.tally();
        Window w = probes.window;
        LatencyHistogram frames = probes.watcher.latency();
        LatencyHistogram control = probes.controlLatency;
        return new CellResult(cell, w.seconds, w.due, w.captured, w.onDisk, tally.framesWritten(),
                tally.framesDropped(), Math.max(0, w.due - w.captured), probes.queueMax, w.cpuPct, w.userPct,
                w.systemPct, w.cpuMsPerFrame, ProcessStats.peakRssMb(), ProcessStats.peakHeapMb(),
                ProcessStats.directMb(), control.count(), control.percentileUs(0.5), control.percentileUs(0.99),
                control.maxUs(), 0, 0, 0, frames.percentileUs(0.5) / 1e3, frames.percentileUs(0.99) / 1e3,
                frames.maxUs() / 1e3, camera.lag().percentileUs(0.99) / 1e3,
                BenchFiles.averageJpegKb(result.directory().resolve("frames")), probes.watcher.firstFileNanos(),
                -1, tally.problem() != null ? tally.problem() : problemOf(result));
    }

    private static String problemOf(Recording.Result result) {
        String reason = result.stopReason();
        return reason == null || reason.equals("duration reached") ? null : reason;
    }

    /** The figures of the recording window, taken the moment it ends (before the shutdown's work). */
    private static final class Window {
        double seconds;
        long due;
        long captured;
        long onDisk;
        double cpuPct;
        double userPct;
        double systemPct;
        double cpuMsPerFrame;
    }

    /** Attaches the measurements to the recording as it starts, and samples it while it captures. */
    private static final class Probes implements RecordingListener, AutoCloseable {
        final LatencyHistogram controlLatency = new LatencyHistogram();
        final Window window = new Window();
        // Records from the recording window only: the hello and the first samples meet cold code.
        private final AtomicBoolean capturing = new AtomicBoolean();
        private final BenchCell cell;
        private final ClockedCamera camera;
        private final Runnable onListening;
        private final CellMeter meter = new CellMeter();
        private FrameFileWatcher watcher;
        private Thread sampler;
        private volatile long queueMax;

        Probes(BenchCell cell, ClockedCamera camera, Runnable onListening) {
            this.cell = cell;
            this.camera = camera;
            this.onListening = onListening;
        }

        @Override
        public void onReaderCreated(ControlReader reader) {
            reader.measurePublishLatency(nanos -> {
                if (capturing.get()) {
                    controlLatency.accept(nanos);
                }
            });
        }

        @Override
        public void onListening() {
            onListening.run();
        }

        @Override
        public void onEpisodeCreated(Path directory) {
            try {
                watcher = new FrameFileWatcher(directory.resolve("frames"), camera::receiveNanos);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + directory + " for frame files", e);
            }
            watcher.start();
        }

        @Override
        public void onCapturing(EpisodeWriter writer) {
            meter.start();
            capturing.set(true);
            sampler = new Thread(() -> sample(writer), "drivetape-bench-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample(EpisodeWriter writer) {
            long end = meter.startNanos() + (long) (cell.seconds() * 1e9);
            while (System.nanoTime() - end < 0) {
                LockSupport.parkNanos(SAMPLE_NANOS);
                queueMax = Math.max(queueMax, writer.live().queueDepth());
            }
            meter.stop();
            long now = System.nanoTime();
            window.seconds = meter.windowS();
            window.due = camera.dueBy(now);
            window.captured = camera.delivered();
            window.onDisk = watcher.filesSeen();
            window.cpuPct = meter.cpuPct();
            window.userPct = meter.userPct();
            window.systemPct = meter.systemPct();
            window.cpuMsPerFrame = meter.cpuMsPerFrame(window.captured);
        }

        @Override
        public void close() {
            try {
                if (sampler != null) {
                    sampler.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (watcher != null) {
                watcher.close();
            }
        }
    }
}
