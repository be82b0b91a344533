package drivetape.timing;

/** Searches in ascending arrays of times. */
public final class SortedTimes {
    private SortedTimes() {
    }

    /** The first index in {@code [0, to)} whose value is at or after {@code t}; {@code to} when none is. */
    public static int firstAtOrAfter(long[] sorted, int to, long t) {
        int lo = 0;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
