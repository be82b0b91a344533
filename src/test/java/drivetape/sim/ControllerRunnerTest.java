package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ControllerRunnerTest {

    @Test
    void sendsTheScheduleOnTimeUntilTheDuration() throws Exception {
        SimConfig config = SimConfig.defaults().withRateHz(100).withJitterMs(3).withSeed(17).withBootNoise(true);
        List<GeneratedLine> expected = GeneratedLine.until(config, 600_000_000L);
        InProcessLink link = new InProcessLink();

        long before = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<Long> arrivals = new ArrayList<>();
        try (ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(config), link.controllerSide(),
                Duration.ofMillis(600))) {
            assertThat(runner.elapsedNanos()).isGreaterThanOrEqualTo(0);
            readAll(link.hostSide(), received, arrivals);
            runner.awaitFinished();
            assertThat(runner.failure()).isEmpty();
            SimCounts sent = runner.sent();
            assertThat(sent.samples()).isEqualTo(expected.stream().filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE).count());
            assertThat(sent.bytes()).isEqualTo(received.size());
        }
        assertThat(received.toByteArray()).isEqualTo(GeneratedLine.concat(expected));

        // No line may arrive before its delivery time (the runner started after 'before').
        long offset = 0;
        int line = 0;
        for (int i = 0; i < arrivals.size(); i += 2) {
            long bytesUpTo = arrivals.get(i);
            long arrival = arrivals.get(i + 1);
            while (line < expected.size() && offset + expected.get(line).bytes().length <= bytesUpTo) {
                offset += expected.get(line).bytes().length;
                line++;
            }
            if (line > 0) {
                assertThat(arrival - before).isGreaterThanOrEqualTo(expected.get(line - 1).deliveryNanos());
            }
        }
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(expected.get(expected.size() - 1).deliveryNanos());
    }

    @Test
    void closeStopsAnOpenEndedRunAndEndsTheStream() throws Exception {
        InProcessLink link = new InProcessLink();
        ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(SimConfig.defaults().withRateHz(200)),
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
        ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(SimConfig.defaults()),
                stuck.controllerSide(), ControllerRunner.UNTIL_CLOSED);
        Thread.sleep(100);
        runner.close();
        assertThat(runner.isFinished()).isTrue();
        assertThat(runner.failure()).as("a write cut short by close() is not a failure").isEmpty();

        InProcessLink unplugged = new InProcessLink();
        ControllerRunner failing = ControllerRunner.start(new ControllerSchedule(SimConfig.defaults().withRateHz(500)),
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
