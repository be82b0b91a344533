package drivetape.serial;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The pings sent to the board, for the timeline to match their pongs with: for each ping number, when the
 * host started writing it and when the write returned, and its length on the wire. One writer (the pinger's
 * thread), one reader (the timeline's); lock-free and allocation-free on both sides.
 *
 * <p>A table of the last {@link #SLOTS} pings, indexed by number: a pong that comes back later than that
 * (many seconds at a few pings a second) finds its slot taken by a newer ping and is dropped, which costs
 * nothing but one bound.
 */
public final class PingLog {
    static final int SLOTS = 256;

    private final AtomicLongArray number = new AtomicLongArray(SLOTS);
    private final long[] startNanoTime = new long[SLOTS];
    private final long[] endNanoTime = new long[SLOTS];
    private final int[] bytes = new int[SLOTS];
    private final AtomicLong sent = new AtomicLong();

    public PingLog() {
        for (int i = 0; i < SLOTS; i++) {
            number.set(i, -1);
        }
    }

    /** The pinger's thread: ping {@code n} of {@code lineBytes} (newline included) was written. */
    public void sent(long n, long startNanos, long endNanos, int lineBytes) {
        int slot = (int) (n & (SLOTS - 1));
        number.set(slot, -1); // invalidate while the slot is rewritten
        startNanoTime[slot] = startNanos;
        endNanoTime[slot] = endNanos;
        bytes[slot] = lineBytes;
        number.set(slot, n); // publishes the fields above (a volatile write)
        sent.lazySet(sent.get() + 1);
    }

    /** Pings written so far (any thread). */
    public long sentCount() {
        return sent.get();
    }

    /**
     * The timeline's thread: the slot of ping {@code n}, or -1 when it is unknown (never sent, or long
     * overwritten). Read its fields with {@link #startNanoTime(int)} etc., then check {@link #still(int, long)}.
     */
    public int find(long n) {
        if (n < 0) {
            return -1;
        }
        int slot = (int) (n & (SLOTS - 1));
        return number.get(slot) == n ? slot : -1;
    }

    public long startNanoTime(int slot) {
        return startNanoTime[slot];
    }

    public long endNanoTime(int slot) {
        return endNanoTime[slot];
    }

    public int lineBytes(int slot) {
        return bytes[slot];
    }

    /** Whether the slot still holds ping {@code n} (its fields were not rewritten while being read). */
    public boolean still(int slot, long n) {
        return number.get(slot) == n;
    }
}
