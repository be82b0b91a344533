package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ControllerRunnerTest {

    @Test
    void sendsTheScheduleOnTimeUntilTheDuration() throws Exception {
        SimConfig config = SimConfig.builder().rateHz(100).jitterMs(3).seed(17).bootNoise(true).build();
        List<GeneratedLine> expected = GeneratedLine.until(config, 600_000_000L);
        InProcessLink link = new InProcessLink();

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Long> arrivals = new ArrayList<>();
        SimClock clock = SimClock.startingNow();
        try (ControllerRunner runner = ControllerRunner.on(new ControllerSchedule(config), link.controllerSide())
                .clock(clock).duration(Duration.ofMillis(600)).start()) {
            assertThat(runner.elapsedNanos()).isGreaterThanOrEqualTo(0);
            readAll(link.hostSide(), received, arrivals);
            runner.awaitFinished();
            assertThat(runner.failure()).isEmpty();
            SimCounts sent = runner.sent();
            assertThat(sent.samples()).isEqualTo(expected.stream().filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE).count());
            assertThat(sent.bytes()).isEqualTo(received.size());
        }
        assertThat(received.toByteArray()).isEqualTo(GeneratedLine.concat(expected));

        // No byte may arrive before the delivery time of the piece that holds it.
        List<long[]> pieces = new ArrayList<>(); // (end offset in the stream, delivery)
        long lineOffset = 0;
        for (GeneratedLine line : expected) {
            for (int i = 0; i < line.pieceEnds().length; i++) {
                pieces.add(new long[] {lineOffset + line.pieceEnds()[i], line.pieceNanos()[i]});
            }
            lineOffset += line.bytes().length;
        }
        int piece = 0;
        for (int i = 0; i < arrivals.size(); i += 2) {
            long bytesUpTo = arrivals.get(i);
            long arrival = arrivals.get(i + 1);
            while (piece + 1 < pieces.size() && pieces.get(piece + 1)[0] <= bytesUpTo) {
                piece++;
            }
            assertThat(arrival - clock.originNanos()).isGreaterThanOrEqualTo(pieces.get(piece)[1]);
        }
        assertThat(expected.stream().anyMatch(l -> l.pieceEnds().length > 1)).as("lines in pieces").isTrue();
        assertThat(clock.sinceOrigin()).isGreaterThanOrEqualTo(expected.get(expected.size() - 1).deliveryNanos());
    }

    @Test
    void readsHostLinesAndAnswersAPingWithItsTrueMomentInTheTruth(@TempDir Path dir) throws Exception {
        SimConfig config = SimConfig.builder().seed(3).build();
        InProcessLink link = new InProcessLink();
        PipedOutputStream host = new PipedOutputStream();
        PipedInputStream board = new PipedInputStream(host, 4096);
        Path truthPath = dir.resolve("truth.csv");
        SimClock clock = SimClock.startingNow();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long wrote;
        try (TruthFile truth = TruthFile.create(truthPath, clock);
             ControllerRunner runner = ControllerRunner.on(new ControllerSchedule(config), link.controllerSide())
                     .input(board).truth(truth).duration(Duration.ofMillis(900)).start()) {
            Thread.sleep(300);
            wrote = clock.sinceOrigin();
            host.write("?ping,31337\nnonsense\n".getBytes(StandardCharsets.US_ASCII));
            host.flush();
            readAll(link.hostSide(), received, new ArrayList<>());
            runner.awaitFinished();
            host.close(); // ends the board's read
            assertThat(runner.failure()).isEmpty();
            assertThat(runner.sent().hostLines()).isEqualTo(2);
            assertThat(runner.sent().hostIgnored()).isEqualTo(1);
            assertThat(runner.sent().hostLinesSummary()).isEqualTo("read 2 host lines (1 ignored)");
        }
        Matcher pong = Pattern.compile("!(\\d+),(\\d+),pong,31337\\*[0-9A-F]{2}\n")
                .matcher(received.toString(StandardCharsets.ISO_8859_1));
        assertThat(pong.find()).isTrue();
        String[] row = Files.readAllLines(truthPath).stream().map(l -> l.split(",", -1))
                .filter(r -> r[6].equals("pong")).findFirst().orElseThrow();
        assertThat(row[0]).isEqualTo(pong.group(1));
        assertThat(row[2]).isEqualTo(pong.group(2));
        assertThat(row[7]).isEqualTo("31337");
        long pongAt = Long.parseLong(row[3]) - clock.originNanos();
        // Drift 0, t0 0: the pong's t_us is its true moment in micros; after the write plus the UART time.
        assertThat(pongAt).isEqualTo(Long.parseLong(pong.group(2)) * 1000);
        assertThat(pongAt).isGreaterThanOrEqualTo(wrote + config.link().uartNanos(12));
    }

    @Test
    void closeStopsAnOpenEndedRunAndEndsTheStream() throws Exception {
        InProcessLink link = new InProcessLink();
        ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(SimConfig.builder().rateHz(200).build()),
                link.controllerSide(), ControllerRunner.UNTIL_CLOSED);
        byte[] buffer = new byte[256];
        int total = 0;
        while (total < 200) {
            total += Math.max(0, link.hostSide().read(buffer, 0, buffer.length));
        }
        assertThat(runner.isFinished()).isFalse();
        runner.close();
        assertThat(runner.isFinished()).isTrue();
        assertThat(runner.failure()).isEmpty();
        int n;
        while ((n = link.hostSide().read(buffer, 0, buffer.length)) > 0) {
            total += n;
        }
        assertThat(n).isEqualTo(-1);
        assertThat(runner.sent().bytes()).isEqualTo(total);
        runner.close(); // idempotent
    }

    @Test
    void closeUnblocksAWriteNobodyDrainsAndAWriteFailureIsReported() throws Exception {
        InProcessLink stuck = new InProcessLink(16);
        ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(SimConfig.builder().build()),
                stuck.controllerSide(), ControllerRunner.UNTIL_CLOSED);
        Thread.sleep(100);
        runner.close();
        assertThat(runner.isFinished()).isTrue();
        assertThat(runner.failure()).as("a write cut short by close() is not a failure").isEmpty();

        InProcessLink unplugged = new InProcessLink();
        ControllerRunner failing = ControllerRunner.start(
                new ControllerSchedule(SimConfig.builder().rateHz(500).link(LinkKind.USB).build()),
                unplugged.controllerSide(), ControllerRunner.UNTIL_CLOSED);
        unplugged.hostSide().close();
        assertThat(failing.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(failing.failure()).get().extracting(IOException::getMessage).asString().contains("host side");
        failing.close();
    }

    /** Reads until end of stream, noting (bytes so far, nanoTime) after each read. */
    private static void readAll(SerialLink link, ByteArrayOutputStream into, List<Long> arrivals) throws IOException {
        byte[] buffer = new byte[512];
        int n;
        while ((n = link.read(buffer, 0, buffer.length)) != -1) {
            if (n > 0) {
                into.write(buffer, 0, n);
                arrivals.add((long) into.size());
                arrivals.add(System.nanoTime());
            }
        }
    }
}
