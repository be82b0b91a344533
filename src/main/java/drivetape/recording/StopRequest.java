package drivetape.recording;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running recording to stop, from any thread (a signal handler, a source that ended, a test).
 * The first reason given is the one reported; asking does no work itself.
 */
public final class StopRequest {
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String reason;
    private volatile boolean failure;

    /** A normal stop (Ctrl+C, SIGTERM, duration, end of a replayed file): the episode is complete. */
    public void request(String why) {
        set(why, false);
    }

    /** A stop forced by an error (disk full, device gone): the episode is interrupted. */
    public void fail(String why) {
        set(why, true);
    }

    private synchronized void set(String why, boolean isFailure) {
        if (reason == null) {
            reason = why;
            failure = isFailure;
            requested.countDown();
        }
    }

    public boolean isRequested() {
        return reason != null;
    }

    public String reason() {
        return reason;
    }

    public boolean isFailure() {
        return failure;
    }

    /** Waits up to the given time for a stop; true when one was requested. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return requested.await(timeout, unit);
    }
}
