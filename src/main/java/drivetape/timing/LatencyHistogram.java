package drivetape.timing;

import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;

/**
 * Latencies (or any non-negative durations) in nanoseconds, in an HdrHistogram with 2 significant digits:
 * exact below 256 ns, within 1/128 (0.8%) above, from 0 to about 146 years, in a fixed 58 KB. Percentiles of
 * a whole episode (or benchmark) at any moment in constant memory, without keeping or sorting the values.
 * Percentiles use the project's nearest-rank rule and are reported as the largest value of their bin, but
 * never above the largest value seen; the count, minimum and maximum are exact.
 *
 * <p>Single writer: {@link #add} is allocation-free and never blocks. Readers on other threads see a recent,
 * not necessarily consistent state (a value may be in the count but not yet in the bins; the fields are
 * plain, not volatile, so "recent" is whatever the JIT and CPU make visible): fine for progress lines and
 * live metadata. Read it once the writer has finished, or on the writer's thread, for exact figures.
 */
public final class LatencyHistogram implements LongConsumer {
    /** Above this, values count as this in the bins (and as themselves for min and max). */
    private static final long HIGHEST_NS = Long.MAX_VALUE / 2;
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Histogram bins = new Histogram(1, HIGHEST_NS, SIGNIFICANT_DIGITS);
    private long total;
    private long maxNs = Long.MIN_VALUE;
    private long minNs = Long.MAX_VALUE;

    /** Adds one latency; negative values count as 0 in the bins (and as themselves for min and max). */
    public void add(long latencyNs) {
        bins.recordValue(inRange(latencyNs));
        total++;
        maxNs = Math.max(maxNs, latencyNs);
        minNs = Math.min(minNs, latencyNs);
    }

    @Override
    public void accept(long latencyNs) {
        add(latencyNs);
    }

    /** Forgets every value; allocation-free. */
    public void clear() {
        bins.reset();
        total = 0;
        maxNs = Long.MIN_VALUE;
        minNs = Long.MAX_VALUE;
    }

    public long count() {
        return total;
    }

    /** The value at {@code fraction} (0..1) of the sorted values, in ms, within 1%; 0 when empty. */
    public double percentileMs(double fraction) {
        return percentileNs(fraction) / 1e6;
    }

    /** As {@link #percentileMs}, in microseconds. */
    public double percentileUs(double fraction) {
        return percentileNs(fraction) / 1e3;
    }

    /** As {@link #percentileMs}, in nanoseconds. */
    public long percentileNs(double fraction) {
        long count = total;
        long max = maxNs;
        if (count == 0) {
            return 0;
        }
        long rank = NearestRank.of(fraction, count);
        long top = inRange(max);
        long seen = 0;
        // Walks the bins from the smallest value to the largest with public, allocation-free calls, against
        // the count read once above: for a reader on another thread, HdrHistogram's iterators throw when the
        // writer moves on meanwhile, and getValueAtPercentile gives 0 when its bins lag its total.
        for (long v = bins.lowestEquivalentValue(inRange(minNs)); v <= top; v = bins.nextNonEquivalentValue(v)) {
            seen += bins.getCountAtValue(v);
            if (seen >= rank) {
                return Math.min(bins.highestEquivalentValue(v), max);
            }
        }
        return max;
    }

    private static long inRange(long ns) {
        return Math.min(HIGHEST_NS, Math.max(0, ns));
    }

    public double maxMs() {
        return total == 0 ? 0 : maxNs / 1e6;
    }

    public double maxUs() {
        return total == 0 ? 0 : maxNs / 1e3;
    }

    public double minMs() {
        return total == 0 ? 0 : minNs / 1e6;
    }

    /** The largest value added (exact), in ns; Long.MIN_VALUE when empty. */
    long maxNs() {
        return maxNs;
    }

    /** Bytes the histogram holds: fixed at construction, whatever is added. */
    int footprintBytes() {
        return bins.getEstimatedFootprintInBytes();
    }
}
