package drivetape.timing;

/**
 * The one percentile rule of the project: the nearest-rank percentile, the value at rank ceil(fraction * n)
 * of the n values sorted (at least rank 1). Used for exact percentiles of sorted arrays and for histograms.
 */
final class NearestRank {
    private NearestRank() {
    }

    /** The 1-based rank of the value at {@code fraction} (0..1) of {@code count} (> 0) sorted values. */
    static long of(double fraction, long count) {
        return Math.max(1, Math.min(count, (long) Math.ceil(fraction * count)));
    }
}
