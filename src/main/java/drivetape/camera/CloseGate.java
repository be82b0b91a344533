package drivetape.camera;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets {@code close()} come from any thread while the capture thread may be inside FFmpeg.
 *
 * <p>FFmpeg contexts must not be freed while another thread is inside a read, so the native resources
 * are released by whichever side sees the source idle last: close() itself when no call is in progress,
 * otherwise the capture thread as it leaves its call. No lock is held across the read, and close() never
 * waits for a camera that has stopped answering.
 */
final class CloseGate {
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int RELEASED = 2;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Runnable release;
    private volatile boolean closeRequested;
    private volatile Thread busyThread;

    CloseGate(Runnable release) {
        this.release = release;
    }

    /**
     * Marks a call in progress.
     *
     * @return false when the source is already released (the call should report the end of the stream)
     */
    boolean enter() {
        if (state.compareAndSet(IDLE, BUSY)) {
            busyThread = Thread.currentThread();
            return true;
        }
        if (state.get() == RELEASED) {
            return false;
        }
        throw new IllegalStateException("a frame source is used by one thread at a time");
    }

    /**
     * Ends the call; releases the resources if close() came while it was running.
     *
     * @return true when it released them: whatever the call produced points at freed memory
     */
    boolean exit() {
        busyThread = null;
        state.set(IDLE);
        return closeRequested && releaseIfIdle();
    }

    /** Asks the source to stop, wakes a capture thread that is waiting to pace a frame, releases if idle. */
    void close() {
        closeRequested = true;
        Thread busy = busyThread;
        if (busy != null) {
            LockSupport.unpark(busy);
        }
        releaseIfIdle();
    }

    boolean closeRequested() {
        return closeRequested;
    }

    private boolean releaseIfIdle() {
        if (state.compareAndSet(IDLE, RELEASED)) {
            release.run();
            return true;
        }
        return false;
    }
}
