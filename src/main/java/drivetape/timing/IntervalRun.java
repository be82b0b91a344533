package drivetape.timing;

/**
 * What the mean and the jitter of a stream's intervals need, in O(1): the first and last time, how many, and
 * the smallest and largest interval. The intervals are between consecutive times as given (arrival order), so
 * their sum is last - first whatever the order, and the largest |interval - mean| is max(max - mean,
 * mean - min): both figures are exact without keeping the intervals. Shared by the streaming and the exact
 * computation, so the two cannot disagree on them.
 */
final class IntervalRun {
    private long times;
    private long firstNs;
    private long lastNs;
    private long minIntervalNs;
    private long maxIntervalNs;

    /** Adds the next time; returns the interval it closes, or Long.MIN_VALUE for the first time. */
    long add(long timeNs) {
        long interval = Long.MIN_VALUE;
        if (times == 0) {
            firstNs = timeNs;
            minIntervalNs = Long.MAX_VALUE;
            maxIntervalNs = Long.MIN_VALUE;
        } else {
            interval = timeNs - lastNs;
            minIntervalNs = Math.min(minIntervalNs, interval);
            maxIntervalNs = Math.max(maxIntervalNs, interval);
        }
        lastNs = timeNs;
        times++;
        return interval;
    }

    void clear() {
        times = 0;
    }

    long times() {
        return times;
    }

    long intervals() {
        return Math.max(0, times - 1);
    }

    /** The record's interval count (an int: 2^31 intervals is 24 days at 1 kHz; saturates beyond). */
    int intervalCount() {
        return (int) Math.min(Integer.MAX_VALUE, intervals());
    }

    double meanMs() {
        return intervals() == 0 ? 0 : (lastNs - firstNs) / 1e6 / intervals();
    }

    /** The design's jitter: the largest |interval - mean|, in ms. */
    double jitterMs() {
        if (intervals() == 0) {
            return 0;
        }
        double mean = meanMs();
        return Math.max(0, Math.max(maxIntervalNs / 1e6 - mean, mean - minIntervalNs / 1e6));
    }

    double maxMs() {
        return intervals() == 0 ? 0 : maxIntervalNs / 1e6;
    }
}
