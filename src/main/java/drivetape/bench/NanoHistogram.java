package drivetape.bench;

import java.util.function.LongConsumer;

/**
 * Latencies in nanoseconds, kept in log-linear bins (32 per power of two, so any percentile is within about
 * 3% of the true value) from 1 ns to hours in 2 K longs. Microsecond paths need this: the episode's
 * {@link drivetape.timing.LatencyHistogram} bins at 0.1 ms.
 *
 * <p>Single writer, allocation-free {@link #accept}; read it once the writer thread has been joined.
 */
public final class NanoHistogram implements LongConsumer {
    private static final int EXACT = 64;
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BINS = EXACT + (63 - 6) * SUB;

    private final long[] counts = new long[BINS];
    private long total;
    private long max;

    @Override
    public void accept(long nanos) {
        counts[bin(Math.max(0, nanos))]++;
        total++;
        if (nanos > max) {
            max = nanos;
        }
    }

    public long count() {
        return total;
    }

    /** The value at {@code fraction} (0..1) of the sorted values, in microseconds; 0 when empty. */
    public double percentileUs(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.min(upperEdge(b), max) / 1e3;
            }
        }
        return max / 1e3;
    }

    public double maxUs() {
        return max / 1e3;
    }

    static int bin(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        return EXACT + (msb - 6) * SUB + (int) ((v >>> shift) - SUB);
    }

    /** The largest value that falls in bin {@code b}. */
    static long upperEdge(int b) {
        if (b < EXACT) {
            return b;
        }
        int msb = (b - EXACT) / SUB + 6;
        int sub = (b - EXACT) % SUB;
        int shift = msb - SUB_BITS;
        return ((long) (sub + SUB) << shift) + (1L << shift) - 1;
    }
}
