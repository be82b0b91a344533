package drivetape.timing;

import java.util.Arrays;

/**
 * Intervals between consecutive times of one stream: mean, worst deviation from the mean (the design's
 * "jitter") and percentiles.
 */
public record IntervalStats(int intervals, double meanMs, double jitterMs, double p50Ms, double p95Ms,
                            double p99Ms, double maxMs) {

    public static IntervalStats of(LongSeries timesNs) {
        int n = timesNs.size() - 1;
        if (n < 1) {
            return new IntervalStats(0, 0, 0, 0, 0, 0, 0);
        }
        double[] intervalsMs = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            intervalsMs[i] = (timesNs.get(i + 1) - timesNs.get(i)) / 1e6;
            sum += intervalsMs[i];
        }
        double mean = sum / n;
        double jitter = 0;
        for (double interval : intervalsMs) {
            jitter = Math.max(jitter, Math.abs(interval - mean));
        }
        Arrays.sort(intervalsMs);
        return new IntervalStats(n, mean, jitter, percentile(intervalsMs, 0.50), percentile(intervalsMs, 0.95),
                percentile(intervalsMs, 0.99), intervalsMs[n - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Events per second implied by the mean interval, or 0 with fewer than two events. */
    public double rateHz() {
        return meanMs > 0 ? 1000.0 / meanMs : 0.0;
    }
}
