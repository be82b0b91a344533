package drivetape.status;

import drivetape.session.SessionCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns live counts into the progress text and the warnings a person needs while recording: the write
 * queue growing (the disk is not keeping up) and a stream arriving clearly slower than expected.
 * Pure logic, driven by the caller's clock, so it is tested without threads.
 */
public final class ProgressWatch {
    static final int QUEUE_STRUGGLING = 10;
    static final int QUEUE_TOO_SLOW = 50;
    /** A stream below this share of its expected rate over the window is "clearly below". */
    static final double RATE_SHORTFALL = 0.8;
    static final double RATE_WINDOW_S = 3.0;

    private final double expectedFrameHz;
    private double expectedControlHz;
    private int queueLevelWarned;
    private boolean frameRateWarned;
    private boolean controlRateWarned;
    private final List<double[]> history = new ArrayList<>();

    public ProgressWatch(double expectedFrameHz) {
        this.expectedFrameHz = expectedFrameHz;
    }

    public double expectedFrameHz() {
        return expectedFrameHz;
    }

    /** The controller's announced rate, once its hello line is known. */
    public void expectControlHz(double hz) {
        this.expectedControlHz = hz;
    }

    public String progress(double elapsedS, SessionCounts c, Double durationS) {
        String remaining = durationS == null ? "until Ctrl+C"
                : String.format(Locale.ROOT, "remaining %ds", (long) Math.ceil(Math.max(0, durationS - elapsedS)));
        return String.format(Locale.ROOT, "%5ds | controls %d | frames %d | write queue %d | dropped %d | %s",
                (long) elapsedS, c.controls(), c.frames(), c.queueDepth(), c.framesDropped(), remaining);
    }

    /** Warnings due now (each said once until the condition clears). */
    public List<String> warnings(double elapsedS, SessionCounts c) {
        List<String> out = new ArrayList<>();
        checkQueue(c.queueDepth(), out);
        history.add(new double[] {elapsedS, c.frames(), c.controls()});
        while (history.size() > 1 && elapsedS - history.get(1)[0] >= RATE_WINDOW_S) {
            history.remove(0);
        }
        double[] first = history.get(0);
        double span = elapsedS - first[0];
        if (span >= RATE_WINDOW_S - 0.5) {
            double frameHz = (c.frames() - first[1]) / span;
            double controlHz = (c.controls() - first[2]) / span;
            frameRateWarned = checkRate("camera", "fps", frameHz, expectedFrameHz, frameRateWarned, out);
            controlRateWarned = checkRate("controller", "Hz", controlHz, expectedControlHz, controlRateWarned, out);
        }
        return out;
    }

    private void checkQueue(long depth, List<String> out) {
        if (depth > QUEUE_TOO_SLOW && queueLevelWarned < 2) {
            out.add("write queue at " + depth + " frames: the disk is too slow, frames will be dropped"
                    + " (use faster storage or a lower --resolution)");
            queueLevelWarned = 2;
        } else if (depth > QUEUE_STRUGGLING && queueLevelWarned < 1) {
            out.add("write queue at " + depth + " frames: the disk is struggling to keep up");
            queueLevelWarned = 1;
        } else if (depth <= QUEUE_STRUGGLING / 2) {
            queueLevelWarned = 0;
        }
    }

    private static boolean checkRate(String stream, String unit, double measured, double expected,
                                     boolean warned, List<String> out) {
        if (expected <= 0) {
            return warned;
        }
        boolean low = measured < expected * RATE_SHORTFALL;
        if (low && !warned) {
            out.add(String.format(Locale.ROOT, "%s delivering %.1f %s, %.0f expected", stream, measured, unit,
                    expected));
        }
        return low;
    }
}
