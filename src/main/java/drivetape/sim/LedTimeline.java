package drivetape.sim;

/**
 * When the simulated calibration LED switched, for a simulated camera to draw it: one writer (the
 * controller's thread, through its schedule), any number of readers, no locks and no allocation.
 *
 * <p>Times are true nanoseconds since the start of the schedule. The LED starts off and every switch
 * toggles it. The writer also says how far the record is complete ({@link #settledUntil()}): no switch at
 * or before that moment will be added later, so a reader that needs the state at t waits until then.
 * The last {@value #CAPACITY} switches are kept: enough for seconds of the fastest blink.
 */
public final class LedTimeline {
    static final int CAPACITY = 1 << 14;
    private static final int MASK = CAPACITY - 1;

    private final long[] switchNanos = new long[CAPACITY];
    private volatile long count;
    private volatile long settledUntilNanos = Long.MIN_VALUE;
    private volatile boolean watched;

    /** Writer: the LED toggled at {@code nanos} (not before the previous switch). */
    void toggle(long nanos) {
        long n = count;
        switchNanos[(int) (n & MASK)] = nanos;
        count = n + 1; // volatile write publishes the entry
    }

    /** Writer: every switch up to {@code nanos} has been added. */
    void settle(long nanos) {
        if (nanos > settledUntilNanos) {
            settledUntilNanos = nanos;
        }
    }

    /** Writer: the LED will never switch again (the simulation ended). */
    void settleForever() {
        settledUntilNanos = Long.MAX_VALUE;
    }

    /** A reader (a camera) waits on {@link #settledUntil()}: the writer then reports its progress often. */
    public void watch() {
        watched = true;
    }

    boolean watched() {
        return watched;
    }

    /** Every switch at or before this moment is known. */
    public long settledUntil() {
        return settledUntilNanos;
    }

    /** How many switches so far. */
    public long switches() {
        return count;
    }

    /** Whether the LED is lit at {@code nanos} (a switch at exactly that moment counts as done). */
    public boolean isOnAt(long nanos) {
        return (switchesUpTo(count, nanos) & 1) == 1;
    }

    /**
     * The fraction of {@code [fromNanos, toNanos)} during which the LED was lit, 0 to 1: what a camera
     * exposing over that window integrates.
     */
    public double litFraction(long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            return isOnAt(fromNanos) ? 1 : 0;
        }
        long n = count;
        long first = switchesUpTo(n, fromNanos);
        boolean on = (first & 1) == 1;
        long litNanos = 0;
        long since = fromNanos;
        for (long i = first; i < n; i++) {
            long at = switchNanos[(int) (i & MASK)];
            if (at >= toNanos) {
                break;
            }
            if (on) {
                litNanos += at - since;
            }
            on = !on;
            since = at;
        }
        if (on) {
            litNanos += toNanos - since;
        }
        return (double) litNanos / (toNanos - fromNanos);
    }

    /** The number of switches at or before {@code nanos}, among the first {@code n} (binary search). */
    private long switchesUpTo(long n, long nanos) {
        long low = Math.max(0, n - CAPACITY);
        long high = n; // answer in [low, high]
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (switchNanos[(int) (mid & MASK)] <= nanos) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
