package drivetape.calibrate;

import java.util.List;

/**
 * Finds the LED in the frames: the cell whose brightness follows the board's {@code led} events, at the lag
 * (the camera's latency, roughly) where it follows them best. For each trial lag every frame is given the
 * LED state at its time minus the lag, and each cell is scored by how well its level separates the frames
 * the LED was on in from the others (the point-biserial correlation). A moving object in view changes
 * cells too, but not in step with a few dozen switches at random moments, so it scores low at every lag.
 */
public final class LedFinder {
    /** The latencies tried: USB and IP cameras are late by tens to hundreds of milliseconds. */
    public static final long MAX_LAG_NS = 1_000_000_000L;
    /** Below this the best cell is no better than a cell that happens to change: no LED was found. */
    static final double MIN_CORRELATION = 0.6;

    /**
     * @param cell the best cell
     * @param lagNs the lag it follows the LED best at (a frame period or so from the latency)
     * @param correlation its score, 0..1
     * @param onLevel its mean level in frames the LED was on in, at that lag
     * @param offLevel the same for off
     */
    public record Found(int cell, long lagNs, double correlation, double onLevel, double offLevel) {
        /** A level above this is a lit LED. */
        public double threshold() {
            return (onLevel + offLevel) / 2;
        }
    }

    private LedFinder() {
    }

    /**
     * @param frameNs each frame's {@code t_ns}, ascending
     * @param levels each frame's level per cell ({@link CellGrid#levels})
     * @param switches the LED's switches, ascending
     * @param lagStepNs the step between trial lags
     * @return the best cell, or null when no cell follows the LED (score below {@value #MIN_CORRELATION})
     */
    public static Found find(long[] frameNs, float[][] levels, List<LedSwitch> switches, long lagStepNs) {
        int n = frameNs.length;
        if (n < 4 || switches.isEmpty()) {
            return null;
        }
        int cells = levels[0].length;
        double[] total = new double[cells];
        double[] squares = new double[cells];
        for (float[] frame : levels) {
            for (int c = 0; c < cells; c++) {
                total[c] += frame[c];
                squares[c] += (double) frame[c] * frame[c];
            }
        }
        double[] sd = new double[cells];
        for (int c = 0; c < cells; c++) {
            double mean = total[c] / n;
            sd[c] = Math.sqrt(Math.max(0, squares[c] / n - mean * mean));
        }
        boolean[] on = new boolean[n];
        double[] onSum = new double[cells];
        Found best = null;
        for (long lag = 0; lag <= MAX_LAG_NS; lag += lagStepNs) {
            int onCount = 0;
            for (int i = 0; i < n; i++) {
                on[i] = stateAt(switches, frameNs[i] - lag);
                onCount += on[i] ? 1 : 0;
            }
            int offCount = n - onCount;
            if (onCount < 2 || offCount < 2) {
                continue;
            }
            java.util.Arrays.fill(onSum, 0);
            for (int i = 0; i < n; i++) {
                if (on[i]) {
                    float[] frame = levels[i];
                    for (int c = 0; c < cells; c++) {
                        onSum[c] += frame[c];
                    }
                }
            }
            double balance = Math.sqrt((double) onCount * offCount) / n;
            for (int c = 0; c < cells; c++) {
                if (sd[c] < 1e-3) {
                    continue;
                }
                double onMean = onSum[c] / onCount;
                double offMean = (total[c] - onSum[c]) / offCount;
                double r = (onMean - offMean) * balance / sd[c];
                if (best == null || r > best.correlation()) {
                    best = new Found(c, lag, r, onMean, offMean);
                }
            }
        }
        return best == null || best.correlation() < MIN_CORRELATION ? null : best;
    }

    /** The LED's state at {@code tNs}: that of the last switch at or before it, else the opposite of the first. */
    static boolean stateAt(List<LedSwitch> switches, long tNs) {
        int lo = 0;
        int hi = switches.size() - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (switches.get(mid).tNs() <= tNs) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last >= 0 ? switches.get(last).on() : !switches.get(0).on();
    }
}
