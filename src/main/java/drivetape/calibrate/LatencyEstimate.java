package drivetape.calibrate;

import java.util.Arrays;
import java.util.List;

/**
 * The latency the switches' brackets agree on: the range covered by the most brackets (each a frame period
 * wide, at a random phase to the frames, so together they narrow it to about a period over their number).
 * A late frame (host scheduling) shifts its bracket; voting rather than intersecting keeps one such
 * bracket from emptying the range.
 *
 * @param latencyNs the middle of the range
 * @param uncertaintyNs half its width
 * @param agreeing brackets covering the range
 * @param brackets brackets in all
 */
public record LatencyEstimate(long latencyNs, long uncertaintyNs, int agreeing, int brackets) {
    /** At least this share of the brackets must cover the range, or the measurement is not believed. */
    public static final double MIN_AGREEMENT = 0.6;

    /** Null when there are no brackets. */
    public static LatencyEstimate of(List<SwitchBrackets.Bracket> brackets) {
        int n = brackets.size();
        if (n == 0) {
            return null;
        }
        // Sweep the ends in order, a closing before an opening at the same moment (brackets that only touch
        // do not overlap). Each end is encoded as moment * 2 + (1 when it opens).
        long[] ends = new long[2 * n];
        for (int i = 0; i < n; i++) {
            ends[2 * i] = brackets.get(i).loNs() * 2 + 1;
            ends[2 * i + 1] = brackets.get(i).hiNs() * 2;
        }
        Arrays.sort(ends);
        int count = 0;
        int best = 0;
        long from = 0;
        long to = 0;
        for (int i = 0; i + 1 < ends.length; i++) {
            count += (ends[i] & 1) == 1 ? 1 : -1;
            long start = ends[i] >> 1;
            long end = ends[i + 1] >> 1;
            if (count > best) {
                best = count;
                from = start;
                to = end;
            } else if (count == best) {
                to = end; // another range as good: the estimate spans both
            }
        }
        return new LatencyEstimate(from + (to - from) / 2, (to - from) / 2, best, n);
    }

    public boolean agreed() {
        return agreeing >= MIN_AGREEMENT * brackets;
    }
}
