package drivetape.timing;

import java.util.Arrays;

/** Distance from a moment to the nearest of a sorted set of sample times: the rule of max_offset_ms. */
public final class NearestSample {
    private NearestSample() {
    }

    /** |t - nearest| in ns; {@code sortedNs} must be ascending and non-empty. */
    public static long distanceNs(long[] sortedNs, long t) {
        return distanceNs(sortedNs, 0, sortedNs.length, t);
    }

    /** |t - nearest| in ns over {@code sortedNs[from, to)}, which must be ascending and non-empty. */
    public static long distanceNs(long[] sortedNs, int from, int to, long t) {
        int i = Arrays.binarySearch(sortedNs, from, to, t);
        if (i >= 0) {
            return 0;
        }
        int insertion = -i - 1;
        long best = Long.MAX_VALUE;
        if (insertion < to) {
            best = sortedNs[insertion] - t;
        }
        if (insertion > from) {
            best = Math.min(best, t - sortedNs[insertion - 1]);
        }
        return best;
    }
}
