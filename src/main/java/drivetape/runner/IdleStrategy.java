package drivetape.runner;

import drivetape.handoff.Wakeup;
import java.util.concurrent.locks.LockSupport;

/** What an agent's thread does after a step that found nothing to do. */
@FunctionalInterface
public interface IdleStrategy {

    void idle(int workDone);

    /** Wakes an idle thread early (a stop, or new work signalled by a producer). */
    default void wake(Thread thread) {
        LockSupport.unpark(thread);
    }

    /** For agents whose step blocks on a device with its own timeout: go straight to the next step. */
    static IdleStrategy none() {
        return workDone -> { };
    }

    /** Parks until a producer signals the wakeup, or at most {@code maxNanos} (so deadlines are kept). */
    static IdleStrategy wakeup(Wakeup wakeup, long maxNanos) {
        return new IdleStrategy() {
            @Override
            public void idle(int workDone) {
                if (workDone == 0) {
                    wakeup.await(maxNanos);
                }
            }

            @Override
            public void wake(Thread thread) {
                wakeup.signal();
            }
        };
    }

    /** Parks for a fixed time after an empty step (polling something that cannot signal). */
    static IdleStrategy sleeping(long nanos) {
        return workDone -> {
            if (workDone == 0) {
                LockSupport.parkNanos(nanos);
            }
        };
    }
}
