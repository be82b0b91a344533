package drivetape.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The measured window of a drivetape cell, on thread {@code drivetape-bench-sampler}: waits for capture to
 * start (the recorder's first call for a frame), then for the cell's seconds counts the control path's reads,
 * samples the write queue every 5 ms through the session's public status, and at the end takes the window's
 * figures (frames due, captured and on disk, CPU) while the recording still runs.
 */
final class WindowSampler implements AutoCloseable {
    private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The session waits up to 3 s for the controller and warms its encoder up before capture starts. */
    private static final long CAPTURE_WAIT_MS = 30_000;

    private final BenchCell cell;
    private final ClockedCamera camera;
    private final StampingLink link;
    private final FrameFileWatcher watcher;
    private final LongSupplier queueDepth;
    private final CellMeter meter = new CellMeter();
    private final Thread thread;
    private volatile boolean stopped;
    private long queueMax;
    private CellResult.Window window = CellResult.Window.NONE;
    private CellResult.Cpu cpu = CellResult.Cpu.NONE;
    private String problem;

    WindowSampler(BenchCell cell, ClockedCamera camera, StampingLink link, FrameFileWatcher watcher,
                  LongSupplier queueDepth) {
        this.cell = cell;
        this.camera = camera;
        this.link = link;
        this.watcher = watcher;
        this.queueDepth = queueDepth;
        this.thread = new Thread(this::run, "drivetape-bench-sampler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CAPTURE_WAIT_MS);
        try {
            while (!camera.awaitCaptureStart(10)) {
                if (stopped || System.nanoTime() - giveUp > 0) {
                    problem = "capture never started";
                    return;
                }
            }
        } catch (InterruptedException e) {
            problem = "interrupted";
            return;
        }
        meter.start();
        link.startMeasuring();
        long end = meter.startNanos() + (long) (cell.seconds() * 1e9);
        while (System.nanoTime() - end < 0 && !stopped) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            queueMax = Math.max(queueMax, queueDepth.getAsLong());
        }
        meter.stop();
        link.stopMeasuring();
        long due = camera.dueBy(System.nanoTime());
        long captured = camera.delivered();
        window = new CellResult.Window(meter.windowS(), due, captured, watcher.filesSeen());
        cpu = meter.cpu(captured);
        if (stopped) {
            problem = String.format(Locale.ROOT, "the recording ended %.1f s into the %.1f s window",
                    meter.windowS(), cell.seconds());
        }
    }

    /** Ends the window now if it is still open (the session ended early), and waits for the thread. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Read after close().

    CellResult.Window window() {
        return window;
    }

    CellResult.Cpu cpu() {
        return cpu;
    }

    long queueMax() {
        return queueMax;
    }

    String problem() {
        return problem;
    }
}
