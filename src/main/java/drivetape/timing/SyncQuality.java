package drivetape.timing;

import java.util.Arrays;
import java.util.Locale;

/**
 * The design note's synchronisation figures, with the names and meaning episode-format.md fixes.
 *
 * <p>Two ways to get one: {@link #of(long[], long[])}, exact, from all the times (the end of an episode,
 * {@code drivetape report}); {@link SyncAccumulator}, streaming, in constant memory, while recording. Both
 * apply the one GOOD / WARNING rule, {@link #of(IntervalStats, IntervalStats, double, boolean)}.
 *
 * @param maxOffsetMs over all frames, the largest time from a frame to its nearest control sample
 * @param avgControlIntervalMs mean time between consecutive control samples
 * @param avgFrameIntervalMs mean time between consecutive frames
 * @param controlJitterMs the largest absolute deviation of one control interval from the mean
 * @param frameJitterMs the largest absolute deviation of one frame interval from the mean
 * @param status GOOD when max offset and both jitters are under 50 ms, else WARNING
 */
public record SyncQuality(double maxOffsetMs, double avgControlIntervalMs, double avgFrameIntervalMs,
                          double controlJitterMs, double frameJitterMs, String status) {

    public static final double GOOD_LIMIT_MS = 50.0;

    /**
     * Exact figures from every control sample and frame time (ns, in the order they came: intervals are
     * between consecutive times as given; any order is fine for the offset). Missing data gives 0 for what
     * cannot be measured; an episode with no control samples or no frames is a WARNING, since nothing can be
     * paired. Allocates and sorts copies.
     */
    public static SyncQuality of(long[] controlNs, long[] frameNs) {
        return of(IntervalStats.of(controlNs), IntervalStats.of(frameNs), maxOffsetMs(controlNs, frameNs),
                controlNs.length > 0 && frameNs.length > 0);
    }

    /**
     * The rule: the figures from the two streams' intervals and the max offset.
     *
     * @param paired whether there was at least one control sample and one frame
     */
    public static SyncQuality of(IntervalStats controls, IntervalStats frames, double maxOffsetMs, boolean paired) {
        boolean good = paired && maxOffsetMs < GOOD_LIMIT_MS && controls.jitterMs() < GOOD_LIMIT_MS
                && frames.jitterMs() < GOOD_LIMIT_MS;
        return new SyncQuality(maxOffsetMs, controls.meanMs(), frames.meanMs(), controls.jitterMs(),
                frames.jitterMs(), good ? "GOOD" : "WARNING");
    }


    /**
     * Exact max_offset_ms: over all frames, the largest distance to the nearest control sample, in ms; 0 when
     * either is empty. Sorts a copy of the controls.
     */
    public static double maxOffsetMs(long[] controlNs, long[] frameNs) {
        if (controlNs.length == 0 || frameNs.length == 0) {
            return 0.0;
        }
        long[] controls = controlNs.clone();
        Arrays.sort(controls);
        long worst = 0;
        for (long frame : frameNs) {
            worst = Math.max(worst, NearestSample.distanceNs(controls, frame));
        }
        return worst / 1e6;
    }

    /** The summary line the recorder and report print. */
    public String line() {
        return String.format(Locale.ROOT, "Sync quality: %.2f ms max offset [%s]", maxOffsetMs, status);
    }
}
