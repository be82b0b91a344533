package drivetape.timing;

import java.util.function.LongConsumer;

/**
 * Latencies in nanoseconds, in log-linear bins: exact below 64 ns, then 32 bins per power of two, so any
 * percentile is within about 3% of the true value, from nanoseconds to hours, in 2K longs. Percentiles of a
 * whole episode (or benchmark) at any moment in constant memory, without keeping or sorting the values.
 *
 * <p>Single writer, allocation-free {@link #add}; readers on other threads see a recent, not necessarily
 * consistent, state (fine for progress and metadata; read it once the writer has finished for exact figures).
 */
public final class LatencyHistogram implements LongConsumer {
    private static final int EXACT = 64;
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BINS = EXACT + (63 - 6) * SUB;

    private final long[] counts = new long[BINS];
    private long total;
    private long maxNs = Long.MIN_VALUE;
    private long minNs = Long.MAX_VALUE;

    /** Adds one latency; negative values count as 0 in the bins (and as themselves for min and max). */
    public void add(long latencyNs) {
        counts[bin(Math.max(0, latencyNs))]++;
        total++;
        maxNs = Math.max(maxNs, latencyNs);
        minNs = Math.min(minNs, latencyNs);
    }

    @Override
    public void accept(long latencyNs) {
        add(latencyNs);
    }

    public long count() {
        return total;
    }

    /** The value at {@code fraction} (0..1) of the sorted values, in ms, within 3%; 0 when empty. */
    public double percentileMs(double fraction) {
        return percentileNs(fraction) / 1e6;
    }

    /** As {@link #percentileMs}, in microseconds. */
    public double percentileUs(double fraction) {
        return percentileNs(fraction) / 1e3;
    }

    private long percentileNs(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.min(upperEdge(b), maxNs);
            }
        }
        return maxNs;
    }

    public double maxMs() {
        return total == 0 ? 0 : maxNs / 1e6;
    }

    public double maxUs() {
        return total == 0 ? 0 : maxNs / 1e3;
    }

    public double minMs() {
        return total == 0 ? 0 : minNs / 1e6;
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
