package drivetape.timing;

/**
 * The design note's synchronisation figures, with the names and meaning episode-format.md fixes.
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
     * Computes the figures from control sample and frame times (ns, ascending order expected; any order
     * is tolerated for offsets). Missing data gives 0 for what cannot be measured; an episode with no
     * control samples or no frames is a WARNING, since nothing can be paired.
     */
    public static SyncQuality of(LongSeries controlNs, LongSeries frameNs) {
        IntervalStats controls = IntervalStats.of(controlNs);
        IntervalStats frames = IntervalStats.of(frameNs);
        double maxOffsetMs = maxOffsetMs(controlNs, frameNs);
        boolean paired = !controlNs.isEmpty() && !frameNs.isEmpty();
        boolean good = paired && maxOffsetMs < GOOD_LIMIT_MS && controls.jitterMs() < GOOD_LIMIT_MS
                && frames.jitterMs() < GOOD_LIMIT_MS;
        return new SyncQuality(maxOffsetMs, controls.meanMs(), frames.meanMs(), controls.jitterMs(),
                frames.jitterMs(), good ? "GOOD" : "WARNING");
    }

    /** The summary line the recorder and report print. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "Sync quality: %.2f ms max offset [%s]", maxOffsetMs, status);
    }

    private static double maxOffsetMs(LongSeries controlNs, LongSeries frameNs) {
        if (controlNs.isEmpty() || frameNs.isEmpty()) {
            return 0.0;
        }
        long[] controls = controlNs.toArray();
        java.util.Arrays.sort(controls);
        long worst = 0;
        for (int i = 0; i < frameNs.size(); i++) {
            worst = Math.max(worst, NearestSample.distanceNs(controls, frameNs.get(i)));
        }
        return worst / 1e6;
    }
}
