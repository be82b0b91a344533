package drivetape.timing;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while running something: data, not time. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    static long bytesAllocatedBy(Runnable work) {
        long id = Thread.currentThread().getId();
        // Once idle, so the measurement's own first-call costs are not counted.
        THREADS.getThreadAllocatedBytes(id);
        long before = THREADS.getThreadAllocatedBytes(id);
        work.run();
        return THREADS.getThreadAllocatedBytes(id) - before;
    }
}
