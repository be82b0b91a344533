package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Event;
import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.SimulatedBoard.Pulse;
import drivetape.firmware.SimulatedBoard.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When pulses stop: values go to 0 after 100 ms, samples keep coming at rate_hz, failsafe events say so. */
class SignalLossTest {
    /** The board's micros() runs this far behind the simulation's clock, give or take its 4 us steps. */
    private static final long MAX_CLOCK_LAG_US = 1_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        FirmwareBuild.ensureBuilt();
    }

    @Test
    void lostSignalReadsZeroAfterTheTimeoutAndComesBack() throws Exception {
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "2.5", "--seed", "5",
                "--segment", "1000:r,r", "--segment", "700:0,0", "--segment", "800:r,r");
        BoardOutput out = run.output();
        long lastFall = run.pulses().stream().filter(p -> p.riseUs() < 1_005_000).mapToLong(Pulse::fallUs).max()
                .orElseThrow();
        long firstBack = run.pulses().stream().filter(p -> p.riseUs() >= 1_705_000).mapToLong(Pulse::fallUs).min()
                .orElseThrow();

        List<Event> failsafe = out.events("failsafe");
        assertThat(failsafe).extracting(Event::value).containsExactly("1", "0");
        // Declared lost 100 ms after the last pulse (checked once a millisecond), back with the first pulse.
        assertThat(failsafe.get(0).tUs()).isBetween(lastFall + 100_000 - MAX_CLOCK_LAG_US, lastFall + 102_100);
        assertThat(failsafe.get(1).tUs()).isBetween(firstBack - MAX_CLOCK_LAG_US, firstBack + 1_100);

        long lostAt = failsafe.get(0).tUs();
        long backAt = failsafe.get(1).tUs();
        for (Sample s : out.samples) {
            if (s.tUs() >= lostAt && s.tUs() < backAt - 1_000) {
                assertThat(s.values()).as("%s", s).containsExactly(0, 0);
            } else if (s.tUs() >= lostAt && s.tUs() < backAt) {
                // The steering pulse of the first frame back ends before the throttle's: a sample may
                // report it while throttle still reads 0, then the frame is whole and the failsafe ends.
                assertThat(s.values()).as("%s", s).contains(0);
            } else {
                assertThat(s.values()).as("%s", s).doesNotContain(0);
            }
        }
        // Samples do not stop: at most a 40 ms gap while the last values are still held, then rate_hz.
        List<Sample> during = out.samples.stream().filter(s -> s.tUs() >= lostAt && s.tUs() < backAt).toList();
        assertThat(during.size()).isBetween(28, 32);  // (700 - 100) ms at 50 Hz
        // Timed samples go out on the first look round after they are due (once a millisecond), so single
        // intervals vary by a millisecond or two; the rate holds.
        for (int i = 1; i < during.size(); i++) {
            assertThat(during.get(i).tUs() - during.get(i - 1).tUs()).isBetween(17_900L, 22_100L);
        }
        double rate = (during.size() - 1) * 1e6 / (during.get(during.size() - 1).tUs() - during.get(0).tUs());
        assertThat(rate).isBetween(49.0, 51.0);
        for (int i = 1; i < out.samples.size(); i++) {
            assertThat(out.samples.get(i).tUs() - out.samples.get(i - 1).tUs()).isLessThanOrEqualTo(41_100L);
        }
        // Once back, each sample holds one whole frame again (not one channel's value from the frame before).
        InjectedFrames frames = new InjectedFrames(run.pulses(), 5_000, 20_000, 2);
        List<InjectedFrames.Match> back = frames.matchSignalSamples(out.samples).stream()
                .filter(m -> m.sample().tUs() > backAt).toList();
        assertThat(back).hasSizeBetween(38, 40);
        for (InjectedFrames.Match m : back) {
            for (int ch = 0; ch < 2; ch++) {
                assertThat(Math.abs(m.sample().value(ch) - m.frame().widths()[ch])).as("%s vs %s", m.sample(), m.frame())
                        .isLessThanOrEqualTo(10);
            }
        }
    }

    @Test
    void oneLostChannelReadsZeroWhileTheOtherKeepsItsFrames() throws Exception {
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "2", "--seed", "6",
                "--segment", "500:1500,1500", "--segment", "1500:1700,0");
        BoardOutput out = run.output();
        List<Event> failsafe = out.events("failsafe");
        assertThat(failsafe).extracting(Event::value).containsExactly("1");
        List<Sample> after = out.samples.stream().filter(s -> s.tUs() > failsafe.get(0).tUs()).toList();
        assertThat(after).isNotEmpty().allSatisfy(s -> {
            assertThat(s.value(0)).isBetween(1690, 1710);
            assertThat(s.value(1)).isZero();
        });
        // Still one sample per frame of the live channel.
        for (int i = 1; i < after.size(); i++) {
            assertThat(after.get(i).tUs() - after.get(i - 1).tUs()).isBetween(19_900L, 20_100L);
        }
    }

    @Test
    void noReceiverAtAllGivesZerosAtTheConfiguredRate() throws Exception {
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "2");
        BoardOutput out = run.output();
        assertThat(out.hello).contains(" rate_hz=50 ");
        assertThat(out.events("failsafe")).extracting(Event::value).containsExactly("1");
        // 100 ms after setup() ended (it waits for the hello to go out), when the loop first came round.
        long firstPass = out.events("led").get(0).tUs();
        assertThat(out.events("failsafe").get(0).tUs() - firstPass).isBetween(100_000L - 1_100L, 102_100L);
        assertThat(out.samples).allSatisfy(s -> assertThat(s.values()).containsExactly(0, 0));
        List<Sample> steady = out.samples.stream().filter(s -> s.tUs() > 200_000).toList();
        double seconds = (steady.get(steady.size() - 1).tUs() - steady.get(0).tUs()) / 1e6;
        assertThat((steady.size() - 1) / seconds).isBetween(49.5, 50.5);
    }
}
