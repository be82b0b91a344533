package drivetape.timing;

/**
 * A fixed-bin histogram of latencies (0.1 ms bins up to 2 s, the rest in the last bin): percentiles of a
 * whole episode at any moment in constant memory, without keeping or sorting every value.
 */
public final class LatencyHistogram {
    private static final long BIN_NS = 100_000;
    private static final int BINS = 20_000;

    private final long[] counts = new long[BINS + 1];
    private long total;
    private long maxNs = Long.MIN_VALUE;
    private long minNs = Long.MAX_VALUE;

    public void add(long latencyNs) {
        int bin = (int) Math.max(0, Math.min(BINS, latencyNs / BIN_NS));
        counts[bin]++;
        total++;
        maxNs = Math.max(maxNs, latencyNs);
        minNs = Math.min(minNs, latencyNs);
    }

    public long count() {
        return total;
    }

    /** The upper edge of the bin holding the given fraction of values, in ms (0 when empty). */
    public double percentileMs(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int bin = 0; bin <= BINS; bin++) {
            seen += counts[bin];
            if (seen >= rank) {
                // The last bin holds everything beyond the range: its edge is the largest value.
                return bin == BINS ? maxNs / 1e6 : Math.min((bin + 1) * BIN_NS, maxNs) / 1e6;
            }
        }
        return maxNs / 1e6;
    }

    public double maxMs() {
        return total == 0 ? 0 : maxNs / 1e6;
    }

    public double minMs() {
        return total == 0 ? 0 : minNs / 1e6;
    }
}
