package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Event;
import drivetape.firmware.HarnessTruth.Row;
import drivetape.firmware.PtyBoard.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ?blink,<count>,<mean_ms>} over the pty: the LED toggles count times at pseudo-random intervals, each
 * toggle a led event stamped at the pin change the harness saw, then the LED means "signal" again.
 */
class HostBlinkTest {
    private static final int COUNT = 20;
    private static final long MEAN_US = 40_000;

    @TempDir
    static Path tmp;

    static Session session;

    @BeforeAll
    static void blinkTwice() throws Exception {
        try (PtyBoard board = PtyBoard.start(tmp, "--seed", "32", "--segment", "60000:r,r")) {
            board.await(PtyBoard::isLedEvent, 7, Duration.ofSeconds(20));  // calibration over
            board.send("?blink," + COUNT + "," + MEAN_US / 1000 + "\n");
            board.await(PtyBoard::isLedEvent, 7 + COUNT, Duration.ofSeconds(30));
            Thread.sleep(200);  // the last toggle holds for an interval; nothing may follow it
            // An odd run ends with the LED off: then it goes back to meaning "signal present".
            board.send("?blink,3," + MEAN_US / 1000 + "\n");
            board.await(PtyBoard::isLedEvent, 7 + COUNT + 4, Duration.ofSeconds(30));
            Thread.sleep(100);
            session = board.stop();
        }
    }

    private static List<Event> led() {
        return session.output().events("led");
    }

    /** The LED pin's changes (truth), without setup()'s first write. */
    private static List<Row> pin() {
        List<Row> changes = session.truth().moments("led");
        return changes.subList(1, changes.size());
    }

    @Test
    void aRunMakesExactlyCountTogglesThenTheLedMeansSignalAgain() {
        // 6 calibration toggles and "on" (signal), the run of 20 from on, 3 more and back on.
        List<String> expected = new java.util.ArrayList<>(List.of("1", "0", "1", "0", "1", "0", "1"));
        IntStream.range(0, COUNT).forEach(i -> expected.add(i % 2 == 0 ? "0" : "1"));
        expected.addAll(List.of("0", "1", "0", "1"));
        assertThat(led()).extracting(Event::value).containsExactlyElementsOf(expected);
        assertThat(pin()).extracting(Row::detail).containsExactlyElementsOf(expected);
        // Each run starts at the first look round after its line arrived.
        List<Row> arrivals = session.truth().moments("rx");
        assertThat(arrivals).extracting(Row::detail).containsExactly("?blink;20;40", "?blink;3;40");
        assertThat(led().get(7).tUs() - arrivals.get(0).deviceUs()).isBetween(0L, 2_100L);
        assertThat(led().get(7 + COUNT).tUs() - arrivals.get(1).deviceUs()).isBetween(0L, 2_100L);
        // After the odd run's last toggle (off), the LED holds one interval, then shows the signal again.
        long back = led().get(7 + COUNT + 3).tUs() - led().get(7 + COUNT + 2).tUs();
        assertThat(back).isGreaterThanOrEqualTo(MEAN_US / 2);
    }

    @Test
    void everyLedEventIsStampedAtItsPinChange() {
        List<Event> led = led();
        List<Row> pin = pin();
        for (int i = 0; i < led.size(); i++) {
            // Same pass, interrupts off between the write and micros(): within its 4 us step.
            assertThat(led.get(i).tUs() - pin.get(i).deviceUs()).as("led event %d", i).isBetween(0L, 4L);
        }
    }

    @Test
    void intervalsAreRandomNeverBelowHalfTheMeanAndAverageTheMean() {
        List<Event> run = led().subList(7, 7 + COUNT);
        long[] intervals = IntStream.range(1, run.size()).mapToLong(i -> run.get(i).tUs() - run.get(i - 1).tUs())
                .toArray();
        LongSummaryStatistics stats = java.util.Arrays.stream(intervals).summaryStatistics();
        assertThat(stats.getMin()).isGreaterThanOrEqualTo(MEAN_US / 2);
        assertThat(stats.getMax()).isLessThanOrEqualTo(MEAN_US * 3 / 2 + 1_100);  // + one look round
        assertThat(stats.getAverage()).isBetween(MEAN_US * 0.8, MEAN_US * 1.2);
        assertThat(stats.getMax() - stats.getMin()).as("not a fixed rhythm").isGreaterThan(MEAN_US / 2);
    }
}
