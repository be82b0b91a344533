package drivetape.handoff;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes one waiting consumer thread when any of its producers has published something.
 *
 * <p>A blocking hand-off instead of a sleep-poll loop: the consumer parks until signalled (or until its own
 * deadline), so a record is picked up as soon as it is published and an idle consumer costs nothing.
 * A signal given before the consumer waits is not lost.
 */
public final class Wakeup {
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Thread waiter;

    /** Called by producers, from any thread. Cheap when a signal is already pending. */
    public void signal() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    /** Called by the one consumer: returns when signalled or after at most {@code maxNanos}. */
    public void await(long maxNanos) {
        waiter = Thread.currentThread();
        if (!pending.getAndSet(false) && maxNanos > 0) {
            LockSupport.parkNanos(this, maxNanos);
            pending.set(false);
        }
    }
}
