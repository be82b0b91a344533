package drivetape.timing;

import java.util.Arrays;

/**
 * Intervals between consecutive times of one stream, in the order given: mean, worst deviation from the mean
 * (the design's "jitter") and nearest-rank percentiles.
 *
 * <p>Two ways to get one: {@link #of(long[])}, exact, from all the times (for the end of an episode and for
 * {@code drivetape report}, which have them); {@link IntervalAccumulator}, streaming, in constant memory, for
 * live figures while recording. Both compute count, mean, jitter and max the same way, exactly; only the
 * accumulator's percentiles come from a histogram (within 1%).
 */
public record IntervalStats(int intervals, double meanMs, double jitterMs, double p50Ms, double p95Ms,
                            double p99Ms, double maxMs) {

    static final IntervalStats NONE = new IntervalStats(0, 0, 0, 0, 0, 0, 0);

    /** Exact figures from every time of the stream (ns), in the order they came. Allocates and sorts a copy. */
    public static IntervalStats of(long[] timesNs) {
        if (timesNs.length < 2) {
            return NONE;
        }
        IntervalRun run = new IntervalRun();
        long[] intervalsNs = new long[timesNs.length - 1];
        run.add(timesNs[0]);
        for (int i = 1; i < timesNs.length; i++) {
            intervalsNs[i - 1] = run.add(timesNs[i]);
        }
        Arrays.sort(intervalsNs);
        return new IntervalStats(run.intervalCount(), run.meanMs(), run.jitterMs(), percentileMs(intervalsNs, 0.50),
                percentileMs(intervalsNs, 0.95), percentileMs(intervalsNs, 0.99), run.maxMs());
    }

    /** Nearest-rank percentile of sorted values, in ms. */
    private static double percentileMs(long[] sortedNs, double fraction) {
        return sortedNs[(int) NearestRank.of(fraction, sortedNs.length) - 1] / 1e6;
    }

    /** Events per second implied by the mean interval, or 0 with fewer than two events. */
    public double rateHz() {
        return meanMs > 0 ? 1000.0 / meanMs : 0.0;
    }
}
