package drivetape.runner;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a device that went away is looked for again: every half second, with the thread parked in between
 * in short steps (so a stop is noticed). One per source thread; not thread-safe.
 */
public final class Reopen {
    /** How often a device that went away is looked for again. */
    public static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private long nextNanos;

    /** The device went away (or an attempt failed) at {@code nowNanos}: the next look is due a half second on. */
    public void after(long nowNanos) {
        nextNanos = nowNanos + INTERVAL_NANOS;
    }

    /**
     * True when an attempt is due now (the next one is then scheduled a half second on, in case this one
     * fails); otherwise parks the calling thread briefly and returns false.
     */
    public boolean due() {
        long now = System.nanoTime();
        if (now - nextNanos < 0) {
            LockSupport.parkNanos(this, Math.min(POLL_NANOS, nextNanos - now));
            return false;
        }
        after(now);
        return true;
    }
}
