package drivetape.handoff;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded single-producer single-consumer ring of preallocated, reused slots.
 *
 * <p>The producer {@link #claim()}s the next free slot, fills it in place and {@link #publish()}es it; the
 * consumer {@link #peek()}s the oldest published slot, reads it and {@link #release()}s it. Nothing is
 * allocated per element and no lock is taken, so a device reader thread can hand records on in
 * nanoseconds. Exactly one thread may produce and exactly one may consume.
 */
public final class SpscRing<T> {
    private final Object[] slots;
    private final int mask;
    private final AtomicLong consumed = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Wakeup consumerWakeup;
    // Producer-local and consumer-local caches of the other side's position: they save a volatile read
    // on almost every call.
    private long producerSeenConsumed;
    private long consumerSeenPublished;

    public SpscRing(int capacity, Supplier<T> slotFactory, Wakeup consumerWakeup) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2, was " + capacity);
        }
        this.slots = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = slotFactory.get();
        }
        this.mask = capacity - 1;
        this.consumerWakeup = consumerWakeup;
    }

    public int capacity() {
        return slots.length;
    }

    /** The next free slot for the producer to fill, or null when the ring is full. */
    @SuppressWarnings("unchecked")
    public T claim() {
        long next = published.get();
        if (next - producerSeenConsumed >= slots.length) {
            producerSeenConsumed = consumed.get();
            if (next - producerSeenConsumed >= slots.length) {
                return null;
            }
        }
        return (T) slots[(int) (next & mask)];
    }

    /** Makes the claimed slot visible to the consumer and wakes it. */
    public void publish() {
        published.lazySet(published.get() + 1);
        consumerWakeup.signal();
    }

    /** The oldest published slot, or null when there is none. */
    @SuppressWarnings("unchecked")
    public T peek() {
        long next = consumed.get();
        if (next >= consumerSeenPublished) {
            consumerSeenPublished = published.get();
            if (next >= consumerSeenPublished) {
                return null;
            }
        }
        return (T) slots[(int) (next & mask)];
    }

    /** Returns the peeked slot to the producer. */
    public void release() {
        consumed.lazySet(consumed.get() + 1);
    }

    /** Published and not yet released; safe to read from any thread (for status lines). */
    public int size() {
        return (int) (published.get() - consumed.get());
    }
}
