package drivetape.sim;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.LockSupport;

/**
 * What the host writes to the simulated board: thread "drivetape-sim-rx" blocks reading the port, stamps
 * each chunk the moment it arrives, turns it into board-side lines through the {@link Downlink} model, and
 * hands them to the controller's thread through a lock-free ring, waking it. A flood the controller does
 * not keep up with is dropped, as a full receive buffer drops bytes.
 */
final class HostInput {
    private static final int RING = 64;
    private static final long JOIN_MS = 1000;

    /** One line, as the board read it. */
    static final class Line {
        final byte[] bytes = new byte[SimConfig.MAX_LINE_BYTES];
        int length;
        long boardNanos;
    }

    private final InputStream in;
    private final Downlink downlink;
    private final SimClock clock;
    private final Thread consumer;
    private final SpscRing<Line> ring = new SpscRing<>(RING, Line::new, new Wakeup());
    private final Downlink.LineSink publish = this::publish;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long dropped;

    HostInput(InputStream in, LinkConfig link, SimClock clock, Thread consumer) {
        this.in = in;
        this.downlink = new Downlink(link);
        this.clock = clock;
        this.consumer = consumer;
        this.thread = new Thread(this::run, "drivetape-sim-rx");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        byte[] buffer = new byte[512];
        try {
            while (!closed) {
                int n = in.read(buffer, 0, buffer.length);
                long now = clock.sinceOrigin();
                if (n < 0) {
                    return;
                }
                downlink.accept(buffer, 0, n, now, publish);
            }
        } catch (IOException e) {
            // The port was closed (by close(), or the host went away): the board hears nothing more.
        }
    }

    private void publish(byte[] line, int length, long boardNanos) {
        Line slot = ring.claim();
        if (slot == null) {
            dropped = dropped + 1;
            return;
        }
        System.arraycopy(line, 0, slot.bytes, 0, length);
        slot.length = length;
        slot.boardNanos = boardNanos;
        ring.publish();
        LockSupport.unpark(consumer);
    }

    boolean hasPending() {
        return ring.size() > 0;
    }

    /** Lines dropped because the controller's thread did not take them in time. */
    long dropped() {
        return dropped;
    }

    /** Controller thread: the oldest line, or null; give it back with {@link #release()}. */
    Line peek() {
        return ring.peek();
    }

    void release() {
        ring.release();
    }

    /** Closes the stream (which ends a blocked read) and waits for the thread. */
    void close() {
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // Closing to stop: nothing to save.
        }
        try {
            thread.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
