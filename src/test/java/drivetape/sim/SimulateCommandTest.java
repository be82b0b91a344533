package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drivetape.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        "--duration NaN", "--quantum-ms -1", "--quantum-ms 1001", "--quantum-ms NaN", "--link serial",
        "--caps ping,pong", "--caps", "--rate 400", "--rate 200 --baud 57600", "--aux-flips 2,1",
        "--aux-flips 1,2", "--channels steering,throttle,aux --aux-flips 2,1", "--throttle-idle 5:3",
        "--throttle-idle 3", "--throttle-idle a:b", "--camera-fps 30", "--camera-http nohost.invalid:80",
        "--camera-http 127.0.0.1:99999", "--camera-http 8081", "--camera-http 127.0.0.1:0 --camera-size 100x100",
        "--camera-http 127.0.0.1:0 --camera-exposure-ms 4 --camera-latency-ms 1",
        "--camera-http 127.0.0.1:0 --camera-fps 0", "--camera-outage 3:5",
        "--camera-http 127.0.0.1:0 --camera-outage 5:3", "--camera-http 127.0.0.1:0 --camera-outage 3"})
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
                "--quantum-ms", "--truth", "--link", "--caps", "--aux-flips", "--throttle-idle", "--camera-http",
                "--camera-fps", "--camera-size", "--camera-latency-ms", "--camera-exposure-ms", "--camera-outage");
        assertThat(run("simulate", "--help").out()).contains("controller");
    }

    @Test
    void aShortRunThroughAPtyDeliversTheScheduleAtTheRate(@TempDir Path dir) throws Exception {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
        SimConfig config = SimConfig.builder().seed(42).t0Us(5_000_000).driftPpm(2000)
                .jitterMs(2).corruptEvery(10).loseEvery(13).build();
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

    /** A line the host read, and when. */
    record Received(String text, long nanoTime) {
    }

    @Test
    void answersPingAndBlinkOverAPtyAndScriptsAuxAndThrottleWithTheirTruth(@TempDir Path dir) throws Exception {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
        Path truthPath = dir.resolve("truth.csv");
        try (PtyPair pty = PtyPair.start(dir.resolve("pty"));
             FileInputStream hostIn = new FileInputStream(pty.hostSide().toFile());
             FileOutputStream hostOut = new FileOutputStream(pty.hostSide().toFile())) {
            List<Received> received = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readLines(hostIn, received), "test-host-reader");
            reader.setDaemon(true);
            reader.start();
            CompletableFuture<Run> sim = CompletableFuture.supplyAsync(() -> run("simulate", "controller", "--port",
                    pty.controllerSide().toString(), "--duration", "2.5", "--seed", "5", "--t0-us", "0",
                    "--channels", "steering,throttle,aux", "--aux-flips", "1.2,1.7", "--throttle-idle", "0:0.6",
                    "--truth", truthPath.toString()));
            while (received.stream().noneMatch(r -> r.text().startsWith("#hello"))) {
                Thread.sleep(5);
            }
            assertThat(received.get(0).text()).endsWith(" link=uart caps=ping,blink");
            Thread.sleep(100);
            long pingSent = System.nanoTime();
            hostOut.write("?ping,77\n".getBytes(StandardCharsets.US_ASCII));
            hostOut.flush();
            Thread.sleep(100);
            hostOut.write("?blink,6,40\n".getBytes(StandardCharsets.US_ASCII));
            hostOut.flush();
            Run run = sim.get(20, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains(" us); read 2 host lines (0 ignored)");
            Thread.sleep(200); // the last lines reach the reader; it stays blocked on the pty (a daemon)

            List<String[]> truth = Files.readAllLines(truthPath).stream().skip(1).map(l -> l.split(",", -1)).toList();
            // Drift 0, t0 0: a record's true moment is the origin plus t_us microseconds.
            String[] firstSample = truth.stream().filter(r -> r[1].equals("sample")).findFirst().orElseThrow();
            long origin = Long.parseLong(firstSample[3]) - Long.parseLong(firstSample[2]) * 1000;

            Received pong = received.stream().filter(r -> r.text().contains(",pong,77*")).findFirst().orElseThrow();
            long pongUs = Long.parseLong(pong.text().split(",")[1]);
            String[] pongRow = truth.stream().filter(r -> r[6].equals("pong")).findFirst().orElseThrow();
            assertThat(pongRow[7]).isEqualTo("77");
            long pongTrue = Long.parseLong(pongRow[3]);
            assertThat(pongTrue).isEqualTo(origin + pongUs * 1000);
            // Read by the board after the ping was written and crossed the UART; answered before it arrived back.
            LinkConfig link = new LinkConfig(LinkKind.UART, 115200, 1, 0);
            assertThat(pongTrue).isGreaterThanOrEqualTo(pingSent + link.uartNanos(9));
            assertThat(pong.nanoTime()).isGreaterThanOrEqualTo(pongTrue + link.uartNanos(pong.text().length() + 1));

            List<Received> leds = received.stream().filter(r -> r.text().contains(",led,")).toList();
            assertThat(leds).extracting(r -> r.text().split(",")[3].substring(0, 1))
                    .containsExactly("1", "0", "1", "0", "1", "0");
            List<String[]> ledRows = truth.stream().filter(r -> r[6].equals("led")).toList();
            assertThat(ledRows).extracting(r -> r[7]).containsExactly("1", "0", "1", "0", "1", "0");
            for (int i = 1; i < ledRows.size(); i++) {
                long gapUs = Long.parseLong(ledRows.get(i)[2]) - Long.parseLong(ledRows.get(i - 1)[2]);
                assertThat(gapUs).isBetween(20_000L, 60_000L);
            }

            List<String[]> aux = truth.stream().filter(r -> r[1].equals("aux")).toList();
            assertThat(aux).extracting(r -> r[6] + "=" + r[7]).containsExactly("aux=2000", "aux=1000");
            assertThat(Long.parseLong(aux.get(0)[3]) - origin).isBetween(1_200_000_000L, 1_220_000_000L);
            assertThat(Long.parseLong(aux.get(1)[3]) - origin).isBetween(1_700_000_000L, 1_720_000_000L);
            for (Received line : received) {
                if (line.text().startsWith("$")) {
                    String[] f = line.text().split("[,*]");
                    long atNanos = Long.parseLong(f[1]) * 1000;
                    if (atNanos < 600_000_000L) {
                        assertThat(f[3]).as(line.text()).isEqualTo("1500");
                    }
                    assertThat(f[4]).isIn("1000", "2000");
                }
            }
        }
    }

    @Test
    void servesTheCameraBesideTheControllerWithTheLedTheHostBlinks(@TempDir Path dir) throws Exception {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path truthPath = dir.resolve("truth.csv");
        try (PtyPair pty = PtyPair.start(dir.resolve("pty"));
             FileOutputStream hostOut = new FileOutputStream(pty.hostSide().toFile())) {
            CompletableFuture<Run> sim = CompletableFuture.supplyAsync(() -> run("simulate", "controller", "--port",
                    pty.controllerSide().toString(), "--duration", "4", "--truth", truthPath.toString(),
                    "--camera-http", "127.0.0.1:" + port, "--camera-size", "320x240", "--camera-latency-ms", "60"));
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<java.io.InputStream> response = null;
            for (long giveUp = System.nanoTime() + 15_000_000_000L; response == null && System.nanoTime() < giveUp; ) {
                try {
                    response = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/stream")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofInputStream());
                } catch (java.net.ConnectException e) {
                    Thread.sleep(50); // still loading the JPEG encoder
                }
            }
            assertThat(response).isNotNull();
            hostOut.write("?blink,20,80\n".getBytes(StandardCharsets.US_ASCII));
            hostOut.flush();
            List<drivetape.sim.camera.MjpegStreamForTests.Frame> frames;
            try (java.io.InputStream body = response.body()) {
                frames = drivetape.sim.camera.MjpegStreamForTests.read(body,
                        response.headers().firstValue("Content-Type").orElseThrow());
            }
            Run run = sim.get(30, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.errLines()).hasSize(2);
            assertThat(run.errLines().get(0)).isEqualTo("drivetape simulate: camera at http://127.0.0.1:" + port + "/stream");
            java.util.regex.Matcher summary = java.util.regex.Pattern
                    .compile("; read 1 host lines \\(0 ignored\\); camera sent (\\d+) frames \\((\\d+) skipped\\) to 1 clients$")
                    .matcher(run.errLines().get(1));
            assertThat(summary.find()).as(run.err()).isTrue();
            // The client may have come a frame or two after the first; it missed none after that.
            long sentFrames = Long.parseLong(summary.group(1));
            assertThat(frames.get(frames.size() - 1).frame() - frames.get(0).frame() + 1)
                    .isBetween((long) frames.size(), frames.size() + Long.parseLong(summary.group(2)));
            assertThat((long) frames.size()).isBetween(sentFrames - 10, sentFrames);
            assertThat(frames.size()).isGreaterThan(30);
            assertThat(frames.stream().filter(f -> f.led() == 1)).isNotEmpty();
            assertThat(frames.stream().filter(f -> f.led() == 0)).isNotEmpty();
            List<String> frameRows = Files.readAllLines(truthPath).stream().filter(l -> l.contains(",frame,")).toList();
            assertThat((long) frameRows.size()).isEqualTo(sentFrames);
        }
    }

    private static void readLines(FileInputStream in, List<Received> into) {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[512];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                long now = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        into.add(new Received(line.toString(), now));
                        line.setLength(0);
                    } else {
                        line.append((char) (buffer[i] & 0xFF));
                    }
                }
            }
        } catch (IOException e) {
            // The pty went away: the run is over.
        }
    }
}
