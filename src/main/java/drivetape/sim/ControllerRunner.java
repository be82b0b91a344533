package drivetape.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link ControllerSchedule} in real time: thread "drivetape-sim" takes each line from the schedule
 * once its measurement moment has passed, then writes its pieces to an output stream at their delivery
 * times, until the duration is reached or {@link #close()} is called. With an input stream it also reads
 * the host's lines ({@link HostInput}) and gives them to the schedule, which answers them.
 *
 * <p>The runner owns the streams and closes them when the run ends; a truth file stays the caller's to
 * close (a camera may still add to it). It sleeps with {@link LockSupport#parkNanos} against
 * {@link System#nanoTime()} straight to each deadline (no millisecond polling), so the jitter a receiver
 * sees is the configured one plus the OS's wake-up latency. A runner that falls behind (a blocked write)
 * sends the late lines at once rather than skipping them, as a UART does.
 */
public final class ControllerRunner implements AutoCloseable {
    /** Pass as the duration to run until {@link #close()}. */
    public static final Duration UNTIL_CLOSED = Duration.ofNanos(Long.MAX_VALUE);
    private static final long JOIN_BEFORE_FORCING_MS = 1000;
    private static final long TRUTH_FLUSH_CHECK_NANOS = 250_000_000L;
    private static final long SPIN_NANOS = 1_000_000;
    private static final long LED_LEAD_NANOS = 250_000;
    /** While a camera watches the LED, wake at least this often to tell it how far the switches are known. */
    private static final long LED_REPORT_NANOS = 5_000_000;

    private final ControllerSchedule schedule;
    private final OutputStream out;
    private final long durationNanos;
    private final TruthFile truth;
    private final SimClock clock;
    private final HostInput input;
    private final boolean preciseCommits;
    private final InFlightLines inFlight = new InFlightLines();
    private final Tally sent = new Tally();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile IOException failure;
    private int nextPiece;
    private boolean closed;

    private ControllerRunner(Builder b) {
        this.schedule = b.schedule;
        this.out = b.out;
        this.truth = b.truth;
        this.clock = b.clock != null ? b.clock : b.truth != null ? b.truth.clock() : SimClock.startingNow();
        this.durationNanos = saturatedNanos(b.duration);
        this.thread = new Thread(this::run, "drivetape-sim");
        this.thread.setDaemon(true);
        this.input = b.in == null ? null : new HostInput(b.in, schedule.config().link(), clock, thread);
        // Taking a line late only delays it when it may be due the moment it is measured: a USB board
        // without a bridge grid. Then the wake-up for it is spun to, like a delivery.
        LinkConfig link = schedule.config().link();
        this.preciseCommits = link.uartNanos(1) == 0 && link.quantumNanos() == 0;
    }

    /**
     * Starts sending now. Lines are sent while their delivery time is within {@code duration} of the start
     * ({@link #UNTIL_CLOSED} for no limit).
     */
    public static ControllerRunner start(ControllerSchedule schedule, OutputStream out, Duration duration) {
        return on(schedule, out).duration(duration).start();
    }

    /** A runner to set up: what it reads, where its truth goes, its time origin, its duration. */
    public static Builder on(ControllerSchedule schedule, OutputStream out) {
        return new Builder(schedule, out);
    }

    /** Options of a runner; {@link #start()} starts it. */
    public static final class Builder {
        private final ControllerSchedule schedule;
        private final OutputStream out;
        private InputStream in;
        private TruthFile truth;
        private SimClock clock;
        private Duration duration = UNTIL_CLOSED;

        private Builder(ControllerSchedule schedule, OutputStream out) {
            this.schedule = Objects.requireNonNull(schedule);
            this.out = Objects.requireNonNull(out);
        }

        /** Host lines to read (the same port's other direction); the runner closes it at the end. */
        public Builder input(InputStream value) {
            in = value;
            return this;
        }

        /** Where a row of ground truth goes for each record sent (null for none); the caller closes it. */
        public Builder truth(TruthFile value) {
            truth = value;
            return this;
        }

        /** Time 0 of the schedule (default: the truth file's clock, or the moment of {@link #start()}). */
        public Builder clock(SimClock value) {
            clock = value;
            return this;
        }

        /** Lines are sent while their delivery is within this of time 0 (default {@link #UNTIL_CLOSED}). */
        public Builder duration(Duration value) {
            duration = Objects.requireNonNull(value);
            return this;
        }

        public ControllerRunner start() {
            if (truth != null && clock != null && !truth.clock().equals(clock)) {
                throw new IllegalArgumentException("the truth file and the runner must share one SimClock");
            }
            ControllerRunner runner = new ControllerRunner(this);
            if (runner.input != null) {
                runner.input.start();
            }
            runner.thread.start();
            return runner;
        }
    }

    private void run() {
        long origin = clock.originNanos();
        boolean generating = true;
        try {
            while (!stopRequested) {
                long now = System.nanoTime() - origin;
                takeHostLines();
                while (generating && schedule.peekMeasuredNanos() <= now) {
                    ScheduledLine line = inFlight.claim();
                    schedule.next(line);
                    if (line.deliveryNanos > durationNanos) {
                        generating = false; // delivery only grows: nothing after it is due in time either
                    } else {
                        inFlight.push();
                    }
                }
                settleLeds(generating, now);
                ScheduledLine head;
                while ((head = inFlight.peek()) != null && head.pieceNanos(nextPiece) <= now) {
                    writePiece(head);
                    now = System.nanoTime() - origin;
                }
                if (!generating && head == null) {
                    break;
                }
                long pieceAt = head == null ? Long.MAX_VALUE : head.pieceNanos(nextPiece);
                long commitAt = generating ? schedule.peekMeasuredNanos() : Long.MAX_VALUE;
                // Spin to the moments a receiver measures (a line's last piece), park to the others.
                boolean precise = pieceAt <= commitAt ? nextPiece == head.pieceCount - 1 : preciseCommits;
                if (!sleepUntil(origin, Math.min(pieceAt, commitAt), precise)) {
                    break;
                }
            }
            flushTruth();
        } catch (TruthFailure e) {
            failure = (IOException) e.getCause();
        } catch (IOException e) {
            if (!stopRequested) { // a write cut short by close() is not a failure
                failure = e;
            }
        } finally {
            schedule.leds().settleForever();
            closeQuietly(); // the reader sees the end of the stream
            if (input != null) {
                input.close();
            }
            finished.countDown();
        }
    }

    /**
     * Tells a camera how far the LED's switches are known: everything up to the next line to take, or a
     * little past now. A host line read later cannot switch it sooner: a blink's first switch comes at least
     * half its 1 ms minimum mean after the board read it, and {@link #LED_LEAD_NANOS} is half of that.
     */
    private void settleLeds(boolean generating, long now) {
        if (generating) {
            schedule.leds().settle(Math.min(schedule.peekMeasuredNanos() - 1, now + LED_LEAD_NANOS));
        } else {
            schedule.leds().settleForever();
        }
    }

    private void writePiece(ScheduledLine line) throws IOException {
        int from = nextPiece == 0 ? 0 : line.pieceEnd(nextPiece - 1);
        int to = line.pieceEnd(nextPiece);
        out.write(line.bytes, from, to - from);
        out.flush();
        sent.addBytes(to - from);
        nextPiece++;
        if (nextPiece == line.pieceCount) {
            nextPiece = 0;
            sent.addRecord(line);
            if (truth != null) {
                try {
                    truth.add(line, System.nanoTime());
                } catch (IOException e) {
                    throw new TruthFailure(truthError(e));
                }
            }
            inFlight.pop();
        }
    }

    private void flushTruth() throws TruthFailure {
        if (truth != null) {
            try {
                truth.flush(System.nanoTime());
            } catch (IOException e) {
                throw new TruthFailure(truthError(e));
            }
        }
    }

    private void takeHostLines() {
        if (input == null) {
            return;
        }
        HostInput.Line line;
        while ((line = input.peek()) != null) {
            sent.addHostLine(schedule.hostLine(line.bytes, line.length, line.boardNanos));
            input.release();
        }
    }

    private IOException truthError(IOException e) {
        return new IOException("cannot write the truth file " + truth.path() + ": " + e.getMessage(), e);
    }

    /**
     * Parks until the deadline; false when a stop was requested meanwhile. Returns early when the host
     * wrote a line, so that its answer can be scheduled. A parked thread wakes 0.1-0.5 ms late on Linux: for
     * a test instrument whose lines carry their own true times, that would be a bias in every measurement,
     * so with {@code precise} the last stretch is spun (about 1% of a core at 50 Hz).
     */
    private boolean sleepUntil(long origin, long deadlineSinceOrigin, boolean precise) throws TruthFailure {
        long deadlineNanos = origin + deadlineSinceOrigin;
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            if (stopRequested) {
                return false;
            }
            if (input != null && input.hasPending()) {
                return true;
            }
            if (precise && remaining <= SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            long park = precise ? remaining - SPIN_NANOS : remaining;
            // Wake at least every 250 ms to write the camera's frame rows and flush the truth file.
            park = truth == null ? park : Math.min(park, TRUTH_FLUSH_CHECK_NANOS);
            boolean watched = schedule.leds().watched();
            LockSupport.parkNanos(this, watched ? Math.min(park, LED_REPORT_NANOS) : park);
            if (input != null && input.hasPending()) {
                return true; // first its answer, then how far the LED is known
            }
            if (watched) {
                settleLeds(true, System.nanoTime() - origin);
            }
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

    /** What has been written and flushed so far, and what the host sent. */
    public SimCounts sent() {
        return sent.snapshot();
    }

    /** The time origin of the schedule. */
    public SimClock clock() {
        return clock;
    }

    /** Nanoseconds since the schedule's time 0. */
    public long elapsedNanos() {
        return Math.max(0, clock.sinceOrigin());
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

    /** Stops and joins the thread, then closes the streams. Idempotent; safe from any thread. */
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
        if (input != null) {
            input.close();
        }
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
