package drivetape.timing;

import java.util.Arrays;

/** Distance from a moment to the nearest of a sorted set of sample times. */
public final class NearestSample {
    private NearestSample() {
    }

    /** |t - nearest| in ns; {@code sortedNs} must be ascending and non-empty. */
    public static long distanceNs(long[] sortedNs, long t) {
        int i = Arrays.binarySearch(sortedNs, t);
        if (i >= 0) {
            return 0;
        }
        int insertion = -i - 1;
        long best = Long.MAX_VALUE;
        if (insertion < sortedNs.length) {
            best = sortedNs[insertion] - t;
        }
        if (insertion > 0) {
            best = Math.min(best, t - sortedNs[insertion - 1]);
        }
        return best;
    }
}
