package drivetape.timing;

/**
 * Percentiles of delays without keeping them: fine bins (10 us) up to 50 ms, where the delays a
 * USB-serial bridge adds live, coarse ones (1 ms) up to 10 s for stalls, and one bin beyond.
 * Preallocated; {@link #add} allocates nothing.
 */
final class DelayHistogram {
    private static final long FINE_NS = 10_000;
    private static final int FINE_BINS = 5_000;
    private static final long COARSE_NS = 1_000_000;
    private static final int COARSE_BINS = 9_950;
    private static final long FINE_LIMIT_NS = FINE_NS * FINE_BINS;

    private final long[] bins = new long[FINE_BINS + COARSE_BINS + 1];
    private long count;

    void add(long delayNs) {
        long d = Math.max(0, delayNs);
        int bin;
        if (d < FINE_LIMIT_NS) {
            bin = (int) (d / FINE_NS);
        } else {
            bin = (int) Math.min(FINE_BINS + COARSE_BINS, FINE_BINS + (d - FINE_LIMIT_NS) / COARSE_NS);
        }
        bins[bin]++;
        count++;
    }

    /** The nearest-rank percentile, as the upper edge of its bin, in ms; 0 when empty. */
    double percentileMs(double fraction) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * count));
        long seen = 0;
        for (int bin = 0; bin < bins.length; bin++) {
            seen += bins[bin];
            if (seen >= rank) {
                return upperEdgeNs(bin) / 1e6;
            }
        }
        return upperEdgeNs(bins.length - 1) / 1e6;
    }

    private static long upperEdgeNs(int bin) {
        return bin < FINE_BINS ? (bin + 1) * FINE_NS : FINE_LIMIT_NS + (bin - FINE_BINS + 1) * COARSE_NS;
    }
}
