package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drivetape.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulateCommandTest {

    /** Exit code and what went to stderr and stdout. */
    record Run(int exitCode, String err, String out) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--rate 0", "--rate 1001", "--rate -5", "--rate fast", "--duration -1", "--jitter-ms -1",
        "--drift-ppm 100001", "--drift-ppm -200000", "--lose-every 1", "--corrupt-every -2", "--baud 0",
        "--t0-us 4294967296", "--t0-us -1", "--failsafe-at -1", "--channels a,,b", "--no-such-option",
        "--duration NaN", "--quantum-ms -1", "--quantum-ms 1001", "--quantum-ms NaN"})
    void badOptionsGiveExitCode2AndOneLine(String options) {
        String[] args = ("simulate controller --port /dev/null " + options).split(" ");
        Run run = run(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLines()).as(run.err()).hasSize(1);
        assertThat(run.err()).startsWith("drivetape: ");
    }

    @Test
    void aMissingPortIsOneLineSayingWhatToDo(@TempDir Path dir) {
        Run missingOption = run("simulate", "controller", "--duration", "1");
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.errLines()).hasSize(1);
        assertThat(missingOption.err()).contains("--port");

        Run missingDevice = run("simulate", "controller", "--port", dir.resolve("ttyACM9").toString());
        assertThat(missingDevice.exitCode()).isEqualTo(2);
        assertThat(missingDevice.errLines()).hasSize(1);
        assertThat(missingDevice.err()).contains("does not exist");

        Run notASerialPort = run("simulate", "controller", "--port", dir.toString());
        assertThat(notASerialPort.exitCode()).isEqualTo(2);
        assertThat(notASerialPort.errLines()).hasSize(1);
    }

    @Test
    void helpDescribesEveryOption() {
        Run run = run("simulate", "controller", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--port", "--rate", "--drift-ppm", "--jitter-ms", "--duration", "--baud",
                "--seed", "--t0-us", "--boot-noise", "--corrupt-every", "--lose-every", "--failsafe-at",
                "--quantum-ms", "--truth");
        assertThat(run("simulate", "--help").out()).contains("controller");
    }

    @Test
    void aShortRunThroughAPtyDeliversTheScheduleAtTheRate(@TempDir Path dir) throws Exception {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
        SimConfig config = SimConfig.defaults().withSeed(42).withT0Us(5_000_000).withDriftPpm(2000)
                .withJitterMs(2).withCorruptEvery(10).withLoseEvery(13);
        List<GeneratedLine> expected = GeneratedLine.until(config, 1_000_000_000L);
        byte[] expectedBytes = GeneratedLine.concat(expected);

        try (PtyPair pty = PtyPair.start(dir);
             FileInputStream host = new FileInputStream(pty.hostSide().toFile())) {
            CompletableFuture<byte[]> received =
                    CompletableFuture.supplyAsync(() -> PtyPairTest.readExactly(host, expectedBytes.length));
            long before = System.nanoTime();
            Run run = run("simulate", "controller", "--port", pty.controllerSide().toString(), "--duration", "1",
                    "--seed", "42", "--t0-us", "5000000", "--drift-ppm", "2000", "--jitter-ms", "2",
                    "--corrupt-every", "10", "--lose-every", "13");
            long tookNanos = System.nanoTime() - before;

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(expectedBytes);
            long samples = expected.stream().filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE).count();
            assertThat(samples).isBetween(44L, 50L); // 50 Hz for a second, minus the lost ones
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.err()).contains("sent " + samples + " samples, 0 events, ")
                    .contains(expectedBytes.length + " bytes").contains("seed 42");
            assertThat(tookNanos).isGreaterThanOrEqualTo(expected.get(expected.size() - 1).deliveryNanos());
        }
    }
}
