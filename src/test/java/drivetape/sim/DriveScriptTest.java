package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scripted aux flips and throttle idle ranges, by true time, on the schedule's virtual clock. */
class DriveScriptTest {
    private static final long SECOND = 1_000_000_000L;
    private static final List<String> WITH_AUX = List.of("steering", "throttle", "aux");

    @Test
    void auxFlipsBetweenExactly1000And2000AtTheGivenTrueSecondsAndTheFirstSampleShowingEachIsMarked() {
        List<Double> flips = List.of(2.0, 5.0, 8.0, 11.0);
        for (double ppm : new double[] {0, 5000, -3000}) {
            SimConfig config = SimConfig.builder().channels(WITH_AUX).auxFlipsS(flips).driftPpm(ppm).seed(4)
                    .rateHz(50).build();
            List<GeneratedLine> samples = GeneratedLine.records(GeneratedLine.until(config, 13 * SECOND)).stream()
                    .filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE).toList();
            int flipsSeen = 0;
            for (int i = 0; i < samples.size(); i++) {
                GeneratedLine sample = samples.get(i);
                double s = sample.measuredNanos() / 1e9;
                long passed = flips.stream().filter(f -> f <= s).count();
                assertThat(sample.values()[2]).as("aux at %s s", s).isEqualTo(passed % 2 == 1 ? 2000 : 1000);
                boolean first = i > 0 && sample.values()[2] != samples.get(i - 1).values()[2];
                assertThat(sample.auxFlipMask()).as("at %s s", s).isEqualTo(first ? 0b100 : 0);
                if (first) {
                    double flip = flips.get(flipsSeen++);
                    // The first sample measured at or after the flip, within one sample period.
                    assertThat(sample.measuredNanos()).isBetween(Math.round(flip * 1e9), Math.round(flip * 1e9) + 20_000_000L);
                    assertThat(samples.get(i - 1).measuredNanos()).isLessThan(Math.round(flip * 1e9));
                }
            }
            assertThat(flipsSeen).isEqualTo(4);
        }
    }

    @Test
    void aFlipFirstShownByALostSampleIsMarkedOnTheNextOneSent() {
        SimConfig config = SimConfig.builder().channels(WITH_AUX).auxFlipsS(List.of(1.0)).loseEvery(2).build();
        List<GeneratedLine> samples = GeneratedLine.records(GeneratedLine.until(config, 2 * SECOND));
        List<GeneratedLine> marked = samples.stream().filter(l -> l.auxFlipMask() != 0).toList();
        assertThat(marked).hasSize(1);
        int at = samples.indexOf(marked.get(0));
        assertThat(marked.get(0).values()[2]).isEqualTo(2000);
        assertThat(samples.get(at - 1).values()[2]).isEqualTo(1000);
        assertThat(marked.get(0).measuredNanos()).isBetween(SECOND, SECOND + 40_000_000L);
    }

    @Test
    void throttleIsExactlyNeutralAndSteeringStillInTheIdleRangesAndTheCarIsDrivenElsewhere() {
        List<TimeRange> idle = List.of(new TimeRange(0, 2), new TimeRange(6, 9));
        SimConfig config = SimConfig.builder().throttleIdle(idle).seed(9).driftPpm(2000).build();
        List<GeneratedLine> samples = GeneratedLine.records(GeneratedLine.until(config, 60 * SECOND));
        Integer stillSteering = null;
        int neutralRun = 0;
        int longestNeutralRunOutside = 0;
        int outsideMoving = 0;
        for (GeneratedLine sample : samples) {
            double s = sample.measuredNanos() / 1e9;
            boolean inIdle = idle.stream().anyMatch(r -> r.contains(s));
            int steering = sample.values()[0];
            int throttle = sample.values()[1];
            if (inIdle) {
                assertThat(throttle).as("throttle at %s s", s).isEqualTo(1500);
                if (stillSteering == null) {
                    stillSteering = steering;
                }
                assertThat(steering).as("steering at %s s", s).isEqualTo(stillSteering);
                neutralRun = 0;
            } else {
                neutralRun = Math.abs(throttle - 1500) <= 5 ? neutralRun + 1 : 0;
                longestNeutralRunOutside = Math.max(longestNeutralRunOutside, neutralRun);
                outsideMoving += throttle > 1550 || throttle < 1480 ? 1 : 0;
            }
        }
        assertThat(stillSteering).isBetween(1480, 1520);
        // Elsewhere the driver never rests: at most a moment passing through neutral (under 0.3 s).
        assertThat(longestNeutralRunOutside).isLessThan(15);
        long outside = samples.stream().filter(l -> idle.stream().noneMatch(r -> r.contains(l.measuredNanos() / 1e9))).count();
        assertThat(outsideMoving).isGreaterThan((int) (outside * 8 / 10));
    }

    @Test
    void rangesAndFlipsParseAndRefuseNonsense() {
        assertThat(TimeRange.parse("6:9.5")).isEqualTo(new TimeRange(6, 9.5));
        assertThatThrownBy(() -> TimeRange.parse("9:6")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeRange.parse("6-9")).hasMessageContaining("FROM:TO");
        assertThatThrownBy(() -> TimeRange.parse("-1:2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriveScript(List.of(1.0, 1.0), List.of())).hasMessageContaining("increasing");
        assertThat(new DriveScript(List.of(1.0, 3.0), List.of()).auxHighAt(2.99)).isTrue();
        assertThat(new DriveScript(List.of(1.0, 3.0), List.of()).auxHighAt(3.0)).isFalse();
    }
}
