package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.HarnessTruth.Row;
import drivetape.firmware.PtyBoard.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that floods the board with pings gets answers only within the pong budget (4 at once, then one per
 * 10 ms), and the samples keep one per frame: the UART is not crowded out.
 */
class PingFloodTest {
    private static final int PINGS = 200;

    @TempDir
    Path tmp;

    @Test
    void aFloodOfPingsIsAnsweredWithinTheBudgetAndTheSamplesGoOn() throws Exception {
        Session session;
        try (PtyBoard board = PtyBoard.start(tmp, "--seed", "33", "--segment", "60000:r,r")) {
            board.await(PtyBoard::isLedEvent, 7, Duration.ofSeconds(20));  // calibration over
            StringBuilder flood = new StringBuilder();
            for (int n = 1; n <= PINGS; n++) {
                flood.append("?ping,").append(n).append('\n');
            }
            board.send(flood.toString());
            board.await(line -> line.startsWith("$"), 50, Duration.ofSeconds(20));
            Thread.sleep(400);
            session = board.stop();
        }
        List<Row> arrived = session.truth().moments("rx");
        assertThat(arrived).as("every ping reached the board").hasSize(PINGS);
        long floodUs = arrived.get(PINGS - 1).deviceUs() - arrived.get(0).deviceUs();

        List<Long> answered = session.output().events("pong").stream().map(e -> Long.parseLong(e.value())).toList();
        assertThat(answered).isSorted().doesNotHaveDuplicates().startsWith(1L, 2L, 3L, 4L);
        assertThat(answered.size()).isBetween(4, 4 + (int) (floodUs / 10_000) + 1);

        BoardOutput out = session.output();
        for (int i = 0; i < out.seqs.size(); i++) {
            assertThat(out.seqs.get(i)).as("seq of record %d", i).isEqualTo(i + 1L);
        }
        long from = arrived.get(0).deviceUs();
        long to = arrived.get(PINGS - 1).deviceUs() + 100_000;
        List<Sample> during = out.samples.stream().filter(s -> s.tUs() >= from && s.tUs() < to).toList();
        List<SimulatedBoard.Pulse> pulses = session.truth().pulses();
        InjectedFrames frames = new InjectedFrames(pulses, pulses.get(0).riseUs(), 20_000, 2);
        assertThat(during.size()).as("one sample per frame during the flood")
                .isBetween(frames.framesEndingBetween(from, to).size() - 1, frames.framesEndingBetween(from, to).size());
        for (InjectedFrames.Match m : frames.matchSignalSamples(during)) {
            for (int ch = 0; ch < 2; ch++) {
                assertThat(Math.abs(m.sample().value(ch) - m.frame().widths()[ch])).as("%s vs %s", m.sample(), m.frame())
                        .isLessThanOrEqualTo(10);
            }
        }
    }
}
