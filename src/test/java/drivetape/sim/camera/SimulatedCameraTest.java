package drivetape.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.LedTimeline;
import drivetape.sim.SimClock;
import drivetape.sim.SimConfig;
import drivetape.sim.TruthFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulated IP camera over loopback HTTP, beside a running controller whose LED blinks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulatedCameraTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    /** A controller blinking its LED from 0.1 s on (a ?blink given before the start), run for {@code duration}. */
    private static ControllerSchedule blinking(int count, int meanMs) {
        ControllerSchedule schedule = new ControllerSchedule(SimConfig.builder().seed(8).build());
        byte[] blink = ("?blink," + count + "," + meanMs).getBytes(StandardCharsets.US_ASCII);
        assertThat(schedule.hostLine(blink, blink.length, 100_000_000L)).isTrue();
        return schedule;
    }

    private static InputStream stream(SimulatedCamera camera, String[] contentType) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(camera.url()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        contentType[0] = response.headers().firstValue("Content-Type").orElse("");
        return response.body();
    }

    private static int ledGrey(BufferedImage image) {
        int sum = 0;
        int n = 0;
        for (int dy = -3; dy <= 3; dy++) {
            for (int dx = -3; dx <= 3; dx++) {
                int rgb = image.getRGB(image.getWidth() - FramePainter.LED_INSET + dx, FramePainter.LED_INSET + dy);
                sum += ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3;
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void streamsMjpegFramesCarryingTheirTruthWithTheLedAsItWasDuringTheExposure(@TempDir Path dir) throws Exception {
        CameraSimConfig config = new CameraSimConfig(30, 320, 240, 40, 8);
        ControllerSchedule schedule = blinking(60, 30);
        Path truthPath = dir.resolve("truth.csv");
        Duration duration = Duration.ofMillis(2500);
        List<MjpegStream.Part> parts;
        SimClock clock;
        try (SimulatedCamera camera = SimulatedCamera.bind(ANY_PORT, config)) {
            // The client is there before the first frame, so it sees them all.
            String[] contentType = new String[1];
            try (InputStream body = stream(camera, contentType);
                 TruthFile truth = TruthFile.create(truthPath, clock = SimClock.startingNow());
                 ControllerRunner runner = ControllerRunner.on(schedule, OutputStream.nullOutputStream())
                         .clock(clock).truth(truth).duration(duration).start()) {
                assertThat(contentType[0]).isEqualTo("multipart/x-mixed-replace; boundary=drivetapeframe");
                camera.start(clock, schedule.leds(), truth, duration);
                parts = new MjpegStream(body, contentType[0]).read(1000); // until the stream ends
                runner.awaitFinished();
                assertThat(camera.awaitFinished(Duration.ofSeconds(5))).isTrue();
                assertThat(camera.framesUnsettled()).isZero();
                // From the first frame exposed after the camera started to the last one sent by 2.5 s (a
                // loaded machine may make the camera skip some).
                long last = config.firstFrameAfter(duration.toNanos() - config.latencyNanos()) - 1;
                assertThat(last).isEqualTo(73);
                assertThat(camera.framesSent() + camera.framesSkipped()).isEqualTo(last - parts.get(0).frame() + 1);
                assertThat(parts.get(parts.size() - 1).frame()).isEqualTo(last);
                assertThat(parts.size()).as("sent %d", camera.framesSent())
                        .isGreaterThanOrEqualTo((int) (camera.framesSent() * 9 / 10));
            }
        }
        LedTimeline leds = schedule.leds();
        long epochMinusMono = clock.anchor().epochNsAtStart() - clock.anchor().monotonicNsAtStart();
        long half = config.exposureNanos() / 2;
        int lit = 0;
        int dark = 0;
        int partial = 0;
        long[] lateNanos = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            MjpegStream.Part part = parts.get(i);
            if (i > 0) {
                assertThat(part.frame()).isGreaterThan(parts.get(i - 1).frame());
            }
            // The truth is the middle of the exposure, n frame periods after the origin.
            long middle = part.epochNs() - epochMinusMono - clock.originNanos();
            assertThat(middle).isEqualTo(config.exposureMiddleNanos(part.frame()));
            // Sent at exposure + latency, never sooner.
            lateNanos[i] = part.receivedNanoTime() - clock.monoNanos(config.sendNanos(part.frame()));
            assertThat(lateNanos[i]).isGreaterThanOrEqualTo(0);
            // The LED as it was: the fraction of the exposure it was lit, drawn as that grey.
            double fraction = leds.litFraction(middle - half, middle - half + config.exposureNanos());
            assertThat(part.led()).isEqualTo(Math.round(fraction * 1000) / 1000.0);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(part.jpeg()));
            assertThat(image.getWidth()).isEqualTo(320);
            int grey = ledGrey(image);
            assertThat(grey).as("LED grey of frame %d, lit %s", part.frame(), part.led())
                    .isCloseTo(FramePainter.ledLevel((int) Math.round(part.led() * 1000)),
                            org.assertj.core.api.Assertions.within(12));
            if (part.led() == 1) {
                lit++;
                assertThat(leds.isOnAt(middle)).isTrue();
            } else if (part.led() == 0) {
                dark++;
                assertThat(leds.isOnAt(middle)).isFalse();
            } else {
                partial++;
            }
        }
        assertThat(lit).isPositive();
        assertThat(dark).isPositive();
        assertThat(partial).as("frames with a switch inside the exposure").isPositive();
        Arrays.sort(lateNanos);
        assertThat(lateNanos[lateNanos.length / 2]).as("median lateness past exposure + latency").isLessThan(200_000_000L);

        // Every frame sent has its row in the truth file, with the same moment and LED fraction.
        Map<Long, String[]> rows = Files.readAllLines(truthPath).stream().skip(1).map(l -> l.split(",", -1))
                .filter(r -> r[1].equals("frame")).collect(Collectors.toMap(r -> Long.parseLong(r[0]), r -> r));
        for (MjpegStream.Part part : parts) {
            String[] row = rows.get(part.frame());
            assertThat(row).as("truth row of frame %d", part.frame()).isNotNull();
            assertThat(Long.parseLong(row[4])).isEqualTo(part.epochNs());
            assertThat(Long.parseLong(row[3])).isEqualTo(part.epochNs() - epochMinusMono);
            assertThat(row[6]).isEqualTo("led");
            assertThat(Double.parseDouble(row[7])).isEqualTo(part.led());
        }
    }

    @Test
    void aClientThatStallsOrLeavesCostsNeitherTheControllerNorTheOtherClients() throws Exception {
        CameraSimConfig config = new CameraSimConfig(30, 640, 360, 40, 2);
        ControllerSchedule schedule = blinking(1000, 50);
        SimConfig controller = schedule.config();
        Duration duration = Duration.ofMillis(3000);
        SimClock clock;
        try (SimulatedCamera camera = SimulatedCamera.bind(ANY_PORT, config);
             ControllerRunner runner = ControllerRunner.on(schedule, OutputStream.nullOutputStream())
                     .clock(clock = SimClock.startingNow()).duration(duration).start()) {
            camera.start(clock, schedule.leds(), null, duration);
            int port = camera.url().getPort();
            // A client that asks and never reads, with a tiny receive buffer: its server thread blocks.
            Socket stalled = new Socket();
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", port));
            stalled.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // One that leaves at once.
            try (Socket leaving = new Socket("127.0.0.1", port)) {
                leaving.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                leaving.getInputStream().read(new byte[100]);
            }
            String[] contentType = new String[1];
            List<MjpegStream.Part> parts;
            try (InputStream body = stream(camera, contentType)) {
                parts = new MjpegStream(body, contentType[0]).read(1000);
            }
            runner.awaitFinished();
            assertThat(parts.size()).as("frames the good client got").isGreaterThan(60);
            assertThat(camera.connections()).isEqualTo(3);
            // The controller sent every line of its 3 s.
            long expectedSamples = Math.round(3 * controller.board().rateHz()) - 1;
            assertThat(runner.sent().samples()).isBetween(expectedSamples - 1, expectedSamples + 1);
            long closing = System.nanoTime();
            camera.close(); // even with a client stuck mid-frame
            assertThat(System.nanoTime() - closing).isLessThan(5_000_000_000L);
            stalled.close();
        }
    }
    @Test
    void duringAnOutageTheCameraDropsItsClientsRefusesNewOnesAndSendsNothing(@TempDir Path dir) throws Exception {
        CameraSimConfig config = new CameraSimConfig(30, 160, 120, 40, 2)
                .withOutages(List.of(new drivetape.sim.TimeRange(1.0, 2.0)));
        ControllerSchedule schedule = blinking(1, 50);
        Duration duration = Duration.ofMillis(3500);
        Path truthPath = dir.resolve("truth.csv");
        SimClock clock;
        List<MjpegStream.Part> before;
        List<MjpegStream.Part> after;
        try (SimulatedCamera camera = SimulatedCamera.bind(ANY_PORT, config)) {
            int port = camera.url().getPort();
            String[] contentType = new String[1];
            try (InputStream body = stream(camera, contentType);
                 TruthFile truth = TruthFile.create(truthPath, clock = SimClock.startingNow());
                 ControllerRunner runner = ControllerRunner.on(schedule, OutputStream.nullOutputStream())
                         .clock(clock).truth(truth).duration(duration).start()) {
                camera.start(clock, schedule.leds(), truth, duration);
                // The first client's stream ends when the camera goes.
                before = new MjpegStream(body, contentType[0]).readUntilCut();
                long endedAt = clock.sinceOrigin();
                assertThat(endedAt).as("ns when the first stream ended").isBetween(1_000_000_000L, 1_600_000_000L);
                assertThat(before).isNotEmpty();
                // While gone, a new connection is refused.
                Thread.sleep(100);
                assertThat(clock.sinceOrigin()).isLessThan(1_950_000_000L);
                org.junit.jupiter.api.Assertions.assertThrows(java.net.ConnectException.class,
                        () -> new Socket("127.0.0.1", port).close());
                // Back on the same port after it.
                while (clock.sinceOrigin() < 2_050_000_000L) {
                    Thread.sleep(20);
                }
                try (InputStream again = stream(camera, contentType)) {
                    after = new MjpegStream(again, contentType[0]).read(1000);
                }
                runner.awaitFinished();
            }
            assertThat(camera.framesInOutages()).isBetween(29L, 31L);
            assertThat(camera.connections()).isEqualTo(2);
        }
        assertThat(after.size()).as("frames after the outage").isGreaterThan(30);
        for (MjpegStream.Part part : before) {
            assertThat(config.sendNanos(part.frame())).isLessThan(1_000_000_000L);
        }
        for (MjpegStream.Part part : after) {
            assertThat(config.sendNanos(part.frame())).isGreaterThanOrEqualTo(2_000_000_000L);
        }
        // No truth row for a frame that was never sent.
        List<Long> truthFrames = Files.readAllLines(truthPath).stream().skip(1).map(l -> l.split(",", -1))
                .filter(r -> r[1].equals("frame")).map(r -> Long.parseLong(r[0])).toList();
        assertThat(truthFrames).isNotEmpty().allSatisfy(frame -> assertThat(config.inOutage(config.sendNanos(frame)))
                .as("frame %d sent in the outage", frame).isFalse());
    }
}
