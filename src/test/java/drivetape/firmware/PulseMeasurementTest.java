package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.InjectedFrames.Frame;
import drivetape.firmware.InjectedFrames.Match;
import drivetape.firmware.SimulatedBoard.Pulse;
import drivetape.firmware.SimulatedBoard.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulse widths and sample times on the emulated board, against the pulses that were played in. */
class PulseMeasurementTest {
    private static final long START_US = 5_000;

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        FirmwareBuild.ensureBuilt();
    }

    @Test
    void pulsesStartingTogetherComeBackWithinMicroseconds() throws Exception {
        // Receivers that start every channel's pulse at once: both pins rise in the same instant.
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "6", "--seed", "7",
                "--segment", "6000:r,r");
        assertOneSamplePerFrameWithExactWidths(run, 20_000);
    }

    @Test
    void pulsesOneAfterAnotherComeBackWithinMicroseconds() throws Exception {
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "6", "--seed", "8", "--sequential",
                "--segment", "6000:r,r");
        assertOneSamplePerFrameWithExactWidths(run, 20_000);
    }

    @Test
    void slowFramesStillGiveOneSampleEach() throws Exception {
        // Older receivers and some PPM decoders run 22.5 ms frames (44 Hz).
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "3", "--seed", "9", "--frame-us", "22500",
                "--segment", "3000:r,r");
        assertOneSamplePerFrameWithExactWidths(run, 22_500);
    }

    @Test
    void fastFramesAreSampledAtMostAHundredTimesASecond() throws Exception {
        // A 200 Hz receiver would outrun 115200 baud with a line per frame: samples go out at most every
        // 10 ms, each with every channel's newest pulse, stamped with the newest falling edge.
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "2", "--seed", "10", "--frame-us", "5000",
                "--segment", "2000:r,r");
        List<Sample> samples = run.output().samples.stream().filter(s -> s.value(0) != 0).toList();
        assertThat(samples).hasSizeBetween(150, 201);
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).tUs() - samples.get(i - 1).tUs()).isBetween(4_000L, 16_000L);
        }
        List<TreeMap<Long, Integer>> widthByFall = List.of(new TreeMap<>(), new TreeMap<>());
        for (Pulse p : run.pulses()) {
            widthByFall.get(p.channel()).put(p.fallUs(), p.widthUs());
        }
        // The board's clock is behind the simulation's by a fraction of a millisecond (see below).
        long lag = InjectedFrames.median(new InjectedFrames(run.pulses(), START_US, 5_000, 2)
                .matchSignalSamples(samples).stream().map(m -> -m.offsetUs()).toList());
        for (Sample s : samples) {
            for (int ch = 0; ch < 2; ch++) {
                int injected = widthByFall.get(ch).floorEntry(s.tUs() + lag + 8).getValue();
                assertThat(Math.abs(s.value(ch) - injected)).as("channel %d of %s", ch, s).isLessThanOrEqualTo(10);
            }
        }
    }

    private static void assertOneSamplePerFrameWithExactWidths(Run run, long frameUs) {
        InjectedFrames frames = new InjectedFrames(run.pulses(), START_US, frameUs, 2);
        List<Match> matches = frames.matchSignalSamples(run.output().samples);

        // Exactly one sample per frame: none missed, none twice (the frame cut off by the end aside).
        Map<Long, Integer> samplesPerFrame = new TreeMap<>();
        for (Match m : matches) {
            samplesPerFrame.merge(m.frame().startUs(), 1, Integer::sum);
        }
        List<Frame> all = new ArrayList<>(frames.frames());
        List<Frame> reported = all.subList(0, all.size() - 1);
        for (Frame f : reported) {
            assertThat(samplesPerFrame.get(f.startUs())).as("samples for the frame at %d us", f.startUs()).isEqualTo(1);
        }
        assertThat(matches.size()).isBetween(reported.size(), reported.size() + 1);

        assertWidths(matches);

        // t_us is the moment the frame's last pulse ended, on the board's micros() clock (a constant
        // offset from the simulation's clock, and 4 us steps: the median can sit on either side of a step),
        // a few microseconds late for an edge that waited for another interrupt handler.
        List<Long> offsets = matches.stream().map(Match::offsetUs).toList();
        long offset = InjectedFrames.median(offsets);
        assertThat(offset).isBetween(-1_000L, 0L);
        assertThat(offsets).allSatisfy(o -> assertThat(o).isBetween(offset - 10, offset + 10));

        // The rate follows the receiver's frames.
        long first = matches.get(0).sample().tUs();
        long last = matches.get(matches.size() - 1).sample().tUs();
        double meanInterval = (last - first) / (double) (matches.size() - 1);
        assertThat(meanInterval).isBetween(frameUs - 50.0, frameUs + 50.0);
        for (int i = 1; i < matches.size(); i++) {
            long interval = matches.get(i).sample().tUs() - matches.get(i - 1).sample().tUs();
            // The last falling edge moves with the widths: by up to 1 ms, or 2 ms for pulses in turn.
            assertThat(interval).isBetween(frameUs - 2_200, frameUs + 2_200);
        }
    }

    /** Widths within 10 us always, and within 1 us almost always (an edge waits while another interrupt runs). */
    private static void assertWidths(List<Match> matches) {
        int exact = 0;
        int total = 0;
        for (Match m : matches) {
            for (int ch = 0; ch < 2; ch++) {
                int error = m.sample().value(ch) - m.frame().widths()[ch];
                assertThat(Math.abs(error)).as("channel %d of %s vs %s", ch, m.sample(), m.frame()).isLessThanOrEqualTo(10);
                if (Math.abs(error) <= 1) {
                    exact++;
                }
                total++;
            }
        }
        assertThat(exact).as("widths within 1 us").isGreaterThanOrEqualTo(total * 90 / 100);
    }
}
