package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.SimulatedBoard.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware built with AUX=1: a third channel on D4 (pin change interrupt), named in the hello line. */
class AuxChannelTest {
    @TempDir
    Path tmp;

    @Test
    void auxChannelIsMeasuredAndItsLossIsNoFailsafe() throws Exception {
        FirmwareBuild.ensureBuilt();  // the harness
        Path elf = FirmwareBuild.buildVariant(tmp.resolve("build"), "AUX=1");
        Run run = SimulatedBoard.run(tmp.resolve("run"), elf, "--seconds", "2", "--seed", "12",
                "--segment", "1000:r,r,1900", "--segment", "1000:r,r,0");
        BoardOutput out = run.output();
        assertThat(out.hello)
                .isEqualTo(FirmwareBuild.HELLO.replace("channels=steering,throttle", "channels=steering,throttle,aux"));
        assertThat(out.samples).allSatisfy(s -> assertThat(s.values()).hasSize(3));

        InjectedFrames frames = new InjectedFrames(run.pulses(), 5_000, 20_000, 3);
        // Frames with all three pulses (the aux value is held for 100 ms after its last one).
        List<InjectedFrames.Match> matches = frames.matchSignalSamples(out.samples).stream()
                .filter(m -> m.frame().widths()[2] != 0).toList();
        assertThat(matches).hasSizeBetween(49, 50);
        for (InjectedFrames.Match m : matches) {
            for (int ch = 0; ch < 3; ch++) {
                assertThat(Math.abs(m.sample().value(ch) - m.frame().widths()[ch])).as("%s vs %s", m.sample(), m.frame())
                        .isLessThanOrEqualTo(12);  // three channels: edges collide more often
            }
        }
        // The aux switch unplugged: it reads 0, steering and throttle go on, and that is not a failsafe.
        List<Sample> late = out.samples.stream().filter(s -> s.tUs() > 1_200_000).toList();
        assertThat(late).isNotEmpty().allSatisfy(s -> {
            assertThat(s.value(2)).isZero();
            assertThat(s.value(0)).isPositive();
            assertThat(s.value(1)).isPositive();
        });
        assertThat(out.events("failsafe")).isEmpty();
    }
}
