package drivetape.calibrate;

import drivetape.timing.FrameClock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * From frames and switches to a latency: the frames put on their camera's steady clock, the LED found, each
 * frame called lit or not, each switch bracketed, the brackets voted on.
 *
 * @param led the LED as found
 * @param estimate what the brackets agree on, or null when no switch gave a bracket
 */
public record LatencyAnalysis(LedFinder.Found led, LatencyEstimate estimate) {
    static final long LAG_STEP_NS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * @param frameNs each frame's time, ascending
     * @param levels each frame's level per cell
     * @param switches the LED's switches, ascending
     * @return null when no cell follows the LED
     */
    public static LatencyAnalysis of(long[] frameNs, float[][] levels, List<LedSwitch> switches) {
        long[] steady = FrameClock.steady(frameNs);
        LedFinder.Found led = LedFinder.find(steady, levels, switches, LAG_STEP_NS);
        if (led == null) {
            return null;
        }
        boolean[] lit = new boolean[steady.length];
        for (int i = 0; i < lit.length; i++) {
            lit[i] = levels[i][led.cell()] > led.threshold();
        }
        return new LatencyAnalysis(led, LatencyEstimate.of(SwitchBrackets.of(steady, lit, switches, led.lagNs())));
    }
}
