package drivetape.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The LED finder, the switch brackets and the estimate on generated frames: a camera of known latency at
 * 30 fps with arrival jitter, an LED in one cell, and a moving object that changes other cells all the time.
 */
class LatencyMeasureTest {
    private static final long PERIOD = 33_333_333L;
    private static final int CELLS = 60;
    private static final int LED_CELL = 17;
    private static final int BALL_CELL = 42;

    /** A scene: the switches, and each frame's arrival time and cell levels. */
    private record Scene(List<LedSwitch> switches, long[] frameNs, float[][] levels) {
    }

    private static Scene scene(long latencyNs, long jitterNs, int blinks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LedSwitch> switches = new ArrayList<>();
        long t = 1_000_000_000L + random.nextLong(PERIOD);
        boolean on = false;
        for (int i = 0; i < blinks; i++) {
            t += 133_000_000L + random.nextLong(267_000_000L); // mean 267 ms, never under half of it
            on = !on;
            switches.add(new LedSwitch(t, on));
        }
        int frames = (int) ((t + 1_500_000_000L) / PERIOD);
        long[] frameNs = new long[frames];
        float[][] levels = new float[frames][CELLS];
        for (int i = 0; i < frames; i++) {
            long exposure = i * PERIOD;
            frameNs[i] = exposure + latencyNs + (jitterNs == 0 ? 0 : random.nextLong(jitterNs));
            for (int c = 0; c < CELLS; c++) {
                levels[i][c] = 100 + (float) random.nextGaussian() * 2;
            }
            levels[i][LED_CELL] = (LedFinder.stateAt(switches, exposure) ? 250 : 40) + (float) random.nextGaussian() * 3;
            // A ball crossing one cell every 0.4 s: bright, and never in step with the switches.
            levels[i][BALL_CELL] = (i % 12 < 4) ? 230 : 60;
        }
        return new Scene(switches, frameNs, levels);
    }

    private static LatencyEstimate measure(Scene s) {
        LatencyAnalysis a = LatencyAnalysis.of(s.frameNs(), s.levels(), s.switches());
        assertThat(a).isNotNull();
        assertThat(a.led().cell()).isEqualTo(LED_CELL);
        return a.estimate();
    }

    @Test
    void findsTheLedAndTheLatencyToWithinAFramePeriodOverTheSwitches() {
        for (long seed = 1; seed <= 5; seed++) {
            LatencyEstimate e = measure(scene(55_000_000L, 0, 40, seed));
            assertThat(e.agreed()).isTrue();
            assertThat(e.agreeing()).isGreaterThanOrEqualTo(36);
            assertThat(e.latencyNs() / 1e6).isCloseTo(55, within(2.0));
            assertThat(e.uncertaintyNs() / 1e6).isLessThan(3.0);
            // The truth lies in the range the switches agree on.
            assertThat(Math.abs(e.latencyNs() - 55_000_000L)).isLessThanOrEqualTo(e.uncertaintyNs() + 1);
        }
    }

    @Test
    void lateArrivalsDoNotMoveTheEstimate() {
        // Frames arrive 0 to 3 ms late on top of the latency: the frames' own steady clock takes the jitter
        // out, and the latency is the one of the fastest arrivals.
        LatencyEstimate e = measure(scene(120_000_000L, 3_000_000L, 60, 7));
        assertThat(e.agreed()).isTrue();
        assertThat(e.agreeing()).isGreaterThanOrEqualTo(55);
        assertThat(e.latencyNs() / 1e6).isCloseTo(120, within(0.6));
    }

    @Test
    void noCellFollowingTheLedIsNotFound() {
        Scene s = scene(55_000_000L, 0, 40, 3);
        for (float[] frame : s.levels()) {
            frame[LED_CELL] = 100; // the LED out of view
        }
        assertThat(LedFinder.find(s.frameNs(), s.levels(), s.switches(), 2_000_000L)).isNull();
    }

    @Test
    void theEstimateVotesOutABracketThatDisagrees() {
        List<SwitchBrackets.Bracket> brackets = new ArrayList<>();
        brackets.add(new SwitchBrackets.Bracket(40_000_000L, 73_000_000L));
        brackets.add(new SwitchBrackets.Bracket(50_000_000L, 83_000_000L));
        brackets.add(new SwitchBrackets.Bracket(30_000_000L, 63_000_000L));
        brackets.add(new SwitchBrackets.Bracket(100_000_000L, 133_000_000L)); // a late frame's
        LatencyEstimate e = LatencyEstimate.of(brackets);
        assertThat(e.agreeing()).isEqualTo(3);
        assertThat(e.brackets()).isEqualTo(4);
        assertThat(e.latencyNs()).isEqualTo(56_500_000L);
        assertThat(e.uncertaintyNs()).isEqualTo(6_500_000L);
        assertThat(e.agreed()).isTrue();
    }

    @Test
    void bracketsThatOnlyTouchDoNotAgree() {
        LatencyEstimate e = LatencyEstimate.of(List.of(new SwitchBrackets.Bracket(0, 10), new SwitchBrackets.Bracket(10, 20)));
        assertThat(e.agreeing()).isEqualTo(1);
        assertThat(e.agreed()).isFalse();
    }
}
