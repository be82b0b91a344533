package drivetape.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link ControllerSchedule} in real time: thread "drivetape-sim" writes each line to an output
 * stream at its delivery time and flushes it, until the duration is reached or {@link #close()} is called.
 *
 * <p>The runner owns the stream and closes it when the run ends. It sleeps with {@link LockSupport#parkNanos} against
 * {@link System#nanoTime()} straight to each deadline (no millisecond polling), so the jitter a receiver
 * sees is the configured one plus the OS's wake-up latency. A runner that falls behind (a blocked write)
 * sends the late lines at once rather than skipping them, as a UART does.
 */
public final class ControllerRunner implements AutoCloseable {
    /** Pass as the duration to run until {@link #close()}. */
    public static final Duration UNTIL_CLOSED = Duration.ofNanos(Long.MAX_VALUE);
    private static final long JOIN_BEFORE_FORCING_MS = 1000;
    private static final long TRUTH_FLUSH_CHECK_NANOS = 250_000_000L;

    private final ControllerSchedule schedule;
    private final OutputStream out;
    private final long durationNanos;
    private final TruthFile truth;
    private final Tally sent = new Tally();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile IOException failure;
    private volatile long startNanos;
    private static final long SPIN_NANOS = 1_000_000;
    private boolean closed;

    private ControllerRunner(ControllerSchedule schedule, OutputStream out, Duration duration, TruthFile truth) {
        this.schedule = schedule;
        this.out = out;
        this.truth = truth;
        this.durationNanos = saturatedNanos(duration);
        this.thread = new Thread(this::run, "drivetape-sim");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sending now. Lines are sent while their delivery time is within {@code duration} of the start
     * ({@link #UNTIL_CLOSED} for no limit).
     */
    public static ControllerRunner start(ControllerSchedule schedule, OutputStream out, Duration duration) {
        return start(schedule, out, duration, null);
    }

    /**
     * Like {@link #start(ControllerSchedule, OutputStream, Duration)}, also writing a row of ground truth to
     * {@code truth} (null for none) for each record sent. The runner owns the file and closes it at the end.
     */
    public static ControllerRunner start(ControllerSchedule schedule, OutputStream out, Duration duration,
                                         TruthFile truth) {
        ControllerRunner runner = new ControllerRunner(schedule, out, duration, truth);
        runner.thread.start();
        return runner;
    }

    private void run() {
        ScheduledLine line = new ScheduledLine();
        long start = System.nanoTime();
        if (truth != null) {
            truth.start(start);
        }
        startNanos = start;
        try {
            while (!stopRequested) {
                schedule.next(line);
                if (line.deliveryNanos > durationNanos) {
                    break;
                }
                if (!sleepUntil(startNanos + line.deliveryNanos)) {
                    break;
                }
                out.write(line.bytes, 0, line.length);
                out.flush();
                sent.add(line);
                if (truth != null) {
                    writeTruth(line);
                }
            }
        } catch (TruthFailure e) {
            failure = (IOException) e.getCause();
        } catch (IOException e) {
            if (!stopRequested) { // a write cut short by close() is not a failure
                failure = e;
            }
        } finally {
            closeQuietly(); // the reader sees the end of the stream
            closeTruth();
            finished.countDown();
        }
    }

    private void writeTruth(ScheduledLine line) throws TruthFailure {
        try {
            truth.add(line, System.nanoTime());
        } catch (IOException e) {
            throw new TruthFailure(truthError(e));
        }
    }

    private void closeTruth() {
        if (truth == null) {
            return;
        }
        try {
            truth.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = truthError(e);
            }
        }
    }

    private IOException truthError(IOException e) {
        return new IOException("cannot write the truth file " + truth.path() + ": " + e.getMessage(), e);
    }

    /**
     * Parks until shortly before the deadline, then spins to it; false when a stop was requested meanwhile.
     * A parked thread wakes 0.2-0.5 ms late on Linux: for a test instrument whose lines carry their own
     * true send times, that would be a bias in every measurement, so the last stretch is spun (about 1% of
     * a core at 50 Hz).
     */
    private boolean sleepUntil(long deadlineNanos) throws TruthFailure {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            if (stopRequested) {
                return false;
            }
            if (remaining <= SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            remaining -= SPIN_NANOS;
            // Wake at least once a second to flush the truth file during a long gap between lines.
            LockSupport.parkNanos(this, truth == null ? remaining : Math.min(remaining, TRUTH_FLUSH_CHECK_NANOS));
            if (truth != null) {
                try {
                    truth.flushIfDue(System.nanoTime());
                } catch (IOException e) {
                    throw new TruthFailure(truthError(e));
                }
            }
        }
        return !stopRequested;
    }

    /** A truth file write failed: a failure even when a stop was requested. */
    private static final class TruthFailure extends IOException {
        TruthFailure(IOException error) {
            super(error.getMessage(), error);
        }
    }

    /** What has been written and flushed so far. */
    public SimCounts sent() {
        return sent.snapshot();
    }

    /** Nanoseconds since the first line's schedule started, or 0 before the thread ran. */
    public long elapsedNanos() {
        long start = startNanos;
        return start == 0 ? 0 : System.nanoTime() - start;
    }

    /** The write error that stopped the runner (port unplugged, pipe closed), if any. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Waits until the duration is reached, a write failed, or the runner was closed. */
    public void awaitFinished() throws InterruptedException {
        finished.await();
    }

    /** Like {@link #awaitFinished()}, giving up after {@code timeout}; true when finished. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Asks the thread to stop without waiting for it: safe from any thread, even a signal handler. Call
     * {@link #close()} afterwards to join it and close the stream.
     */
    public void requestStop() {
        stopRequested = true;
        LockSupport.unpark(thread);
    }

    /** Stops and joins the thread, then closes the stream. Idempotent; safe from any thread. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        requestStop();
        boolean interrupted = false;
        try {
            thread.join(JOIN_BEFORE_FORCING_MS);
            if (thread.isAlive()) {
                // Stuck in a write nobody drains (no reader on the other end): closing the stream unblocks it.
                thread.interrupt();
                closeQuietly();
                thread.join();
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        closeQuietly();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // Closing after the run: nothing left to save.
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
