package drivetape.timing;

/**
 * {@link IntervalStats} of one stream of times, kept up to date as the times come, in constant memory (about
 * 60 KB, whatever the stream's length): count, mean, jitter and max exact, p50/p95/p99 from a
 * {@link LatencyHistogram} of the intervals (within 1%; an interval below 0, from a clock estimate that
 * stepped back, counts as 0 there, as it is exact in the mean, jitter and max).
 *
 * <p>Gives the same figures as {@link IntervalStats#of(long[])} on the same times in the same order, the
 * percentiles to within the histogram's precision. One thread: {@link #add} allocates nothing and takes
 * O(1); {@link #stats()} allocates the record and walks the histogram's bins (microseconds), on the same
 * thread or, slightly stale, on another (see {@link LatencyHistogram}).
 */
public final class IntervalAccumulator {
    private final IntervalRun run = new IntervalRun();
    private final LatencyHistogram intervals = new LatencyHistogram();

    /** Adds the stream's next time, in ns, in the order the times come. */
    public void add(long timeNs) {
        long interval = run.add(timeNs);
        if (run.times() > 1) {
            intervals.add(interval);
        }
    }

    /** Times added so far. */
    public long times() {
        return run.times();
    }

    public IntervalStats stats() {
        if (run.intervals() == 0) {
            return IntervalStats.NONE;
        }
        return new IntervalStats(run.intervalCount(), run.meanMs(), run.jitterMs(), intervals.percentileMs(0.50),
                intervals.percentileMs(0.95), intervals.percentileMs(0.99), run.maxMs());
    }

    /** Forgets every time (a new episode); allocation-free. */
    public void clear() {
        run.clear();
        intervals.clear();
    }

    /** Bytes held; fixed at construction. */
    int footprintBytes() {
        return intervals.footprintBytes();
    }
}
