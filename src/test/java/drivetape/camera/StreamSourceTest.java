package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.SimClock;
import drivetape.sim.SimConfig;
import drivetape.sim.camera.CameraSimConfig;
import drivetape.sim.camera.JpegComment;
import drivetape.sim.camera.MjpegStreamForTests;
import drivetape.sim.camera.SimulatedCamera;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An IP camera's MJPEG stream as a frame source, against the simulated camera over loopback HTTP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamSourceTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static final Pattern TRUTH = Pattern.compile("drivetape-truth t_ns=(\\d+) frame=(\\d+) led=([0-9.]+)");

    /** A frame as the source handed it over. */
    private record Got(byte[] jpeg, long frame, long receiveNanoTime, long deviceTimestampUs, int width, int height) {
    }

    @Test
    void passesTheStreamsJpegsThroughByteForByteStampedOnArrival() throws Exception {
        CameraSimConfig config = new CameraSimConfig(30, 320, 240, 40, 2);
        ControllerSchedule schedule = new ControllerSchedule(SimConfig.builder().seed(5).build());
        Duration duration = Duration.ofSeconds(20); // ended by close() once 60 frames are in
        List<Got> got = new ArrayList<>();
        FrameFormat format;
        SimClock clock = SimClock.startingNow();
        CompletableFuture<List<MjpegStreamForTests.Frame>> reference;
        try (SimulatedCamera camera = SimulatedCamera.bind(ANY_PORT, config);
             ControllerRunner runner = ControllerRunner.on(schedule, OutputStream.nullOutputStream())
                     .clock(clock).duration(duration).start()) {
            // A plain HTTP client that is there from the first frame: what the camera sent, byte for byte.
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(camera.url()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            reference = CompletableFuture.supplyAsync(() -> {
                try (InputStream body = response.body()) {
                    return MjpegStreamForTests.read(body, contentType);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            camera.start(clock, schedule.leds(), null, duration);
            // --fps 24 asked for: a multipart stream says no rate, so the asked one stands (not FFmpeg's guess, 25).
            try (FrameSource source = FrameSources.open(camera.url().toString(), 640, 360, 24)) {
                format = source.open();
                GrabbedFrame frame = new GrabbedFrame();
                while (got.size() < 60 && source.next(frame)) {
                    byte[] jpeg = new byte[frame.data.remaining()];
                    frame.data.get(frame.data.position(), jpeg);
                    got.add(new Got(jpeg, truthFrame(jpeg), frame.receiveNanoTime, frame.deviceTimestampUs,
                            frame.width, frame.height));
                    assertThat(frame.jpeg).isTrue();
                }
            }
            camera.close(); // ends the reference client's stream
        }
        assertThat(format.width()).isEqualTo(320);
        assertThat(format.height()).isEqualTo(240);
        assertThat(format.isJpeg()).isTrue();
        assertThat(format.hasDeviceTimestamps()).isFalse();
        assertThat(format.fps()).isEqualTo(24);
        assertThat(format.source()).startsWith("http://127.0.0.1:");
        assertThat(got).hasSize(60);

        Map<Long, MjpegStreamForTests.Frame> sent = reference.get(10, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(MjpegStreamForTests.Frame::frame, Function.identity()));
        long[] lateNanos = new long[got.size()];
        long[] referenceLateNanos = new long[got.size()];
        for (int i = 0; i < got.size(); i++) {
            Got g = got.get(i);
            assertThat(g.width()).isEqualTo(320);
            assertThat(g.height()).isEqualTo(240);
            assertThat(g.deviceTimestampUs()).isEqualTo(Long.MIN_VALUE);
            if (i > 0) {
                assertThat(g.frame()).isGreaterThan(got.get(i - 1).frame());
                assertThat(g.receiveNanoTime()).isGreaterThan(got.get(i - 1).receiveNanoTime());
            }
            MjpegStreamForTests.Frame original = sent.get(g.frame());
            assertThat(original).as("frame %d as the camera sent it", g.frame()).isNotNull();
            assertThat(Arrays.equals(g.jpeg(), original.jpeg())).as("frame %d byte for byte", g.frame()).isTrue();
            long sendMono = clock.monoNanos(config.sendNanos(g.frame()));
            lateNanos[i] = g.receiveNanoTime() - sendMono;
            referenceLateNanos[i] = original.receivedNanoTime() - sendMono;
            // Stamped on arrival: never before the camera sent it.
            assertThat(lateNanos[i]).isGreaterThanOrEqualTo(0);
        }
        // Nearly all of a steady stream comes through (a slow machine may make the camera skip one).
        assertThat(got.get(got.size() - 1).frame() - got.get(0).frame()).isLessThan(70);
        System.out.printf(Locale.ROOT, "arrival after the camera sent (ms), FFmpeg stream source p50 %.2f p99 %.2f"
                        + " max %.2f; plain HTTP client p50 %.2f p99 %.2f%n",
                percentile(lateNanos, 50), percentile(lateNanos, 99), percentile(lateNanos, 100),
                percentile(referenceLateNanos, 50), percentile(referenceLateNanos, 99));
    }

    @Test
    void aRefusedConnectionIsAOneLineErrorAtOnce() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/stream";
        long start = System.nanoTime();
        String message = openError(url);
        assertThat(System.nanoTime() - start).as("ns to report a refused port").isLessThan(2_000_000_000L);
        assertThat(message).isEqualTo("camera stream " + url + " refused the connection: check that the camera"
                + " is on and the address and port are right");
    }

    @Test
    void aPageThatIsNotMjpegOrNotThereIsAOneLineError() throws Exception {
        HttpServer web = HttpServer.create(ANY_PORT, 4);
        web.createContext("/", exchange -> {
            byte[] page = "<html><body>camera settings</body></html>".getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        web.start();
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            long start = System.nanoTime();
            assertThat(openError(base + "/")).startsWith(base + "/ is not an MJPEG stream (")
                    .endsWith("): give the camera's MJPEG stream URL (ESP32-CAM: http://ADDRESS:81/stream)"
                            + " or set the camera to MJPEG");
            assertThat(System.nanoTime() - start).as("ns to report a web page").isLessThan(2_000_000_000L);
            assertThat(openError(base + "/missing")).isEqualTo("camera stream " + base + "/missing not found"
                    + " (HTTP 404): check the path in the URL; ESP32-CAM serves http://ADDRESS:81/stream");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void aCameraThatAcceptsButNeverAnswersTimesOut() throws Exception {
        // The kernel completes the connection (backlog); nobody ever reads the request or answers.
        try (ServerSocket silent = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/stream";
            long start = System.nanoTime();
            String message = openError(url);
            long tookNanos = System.nanoTime() - start;
            assertThat(message).isEqualTo("camera stream " + url + " did not answer within 3 s: check that the"
                    + " camera is on and on this network (ping its address)");
            assertThat(tookNanos).as("ns until a silent camera counts as gone").isBetween(2_500_000_000L, 8_000_000_000L);
        }
    }

    @Test
    void framesThatComeInABunchAfterAStallAreStampedAsTheyAreRead() throws Exception {
        byte[][] jpegs = new byte[8][];
        for (int i = 0; i < jpegs.length; i++) {
            jpegs[i] = taggedJpeg(i);
        }
        try (ServerSocket camera = new ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            long[] stallEnded = new long[1];
            Thread server = new Thread(() -> {
                try (java.net.Socket client = camera.accept()) {
                    client.setTcpNoDelay(true);
                    readRequest(client.getInputStream());
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 3; i++) {
                        out.write(part(jpegs[i]));
                        out.flush();
                        Thread.sleep(33);
                    }
                    Thread.sleep(500); // WiFi stalls; the camera's frames pile up and then go out at once
                    java.io.ByteArrayOutputStream bunch = new java.io.ByteArrayOutputStream();
                    for (int i = 3; i < jpegs.length; i++) {
                        bunch.write(part(jpegs[i]));
                    }
                    stallEnded[0] = System.nanoTime();
                    out.write(bunch.toByteArray());
                    out.flush();
                    Thread.sleep(500);
                } catch (Exception e) {
                    // The test's assertions say what went wrong.
                }
            }, "test-camera");
            server.start();
            List<Long> frames = new ArrayList<>();
            List<Long> stamps = new ArrayList<>();
            try (FrameSource source = FrameSources.open("http://127.0.0.1:" + camera.getLocalPort() + "/", 640, 360, 30)) {
                FrameFormat format = source.open();
                assertThat(format.width()).isEqualTo(64);
                GrabbedFrame frame = new GrabbedFrame();
                while (frames.size() < 6 && source.next(frame)) {
                    byte[] jpeg = new byte[frame.data.remaining()];
                    frame.data.get(frame.data.position(), jpeg);
                    frames.add(truthFrame(jpeg));
                    stamps.add(frame.receiveNanoTime);
                }
            }
            server.join(5000);
            // The open read the first frame to learn the size, and left it out rather than hand it on late.
            assertThat(frames).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            for (int i = 2; i < frames.size(); i++) {
                assertThat(stamps.get(i)).as("stamp of frame %d, after the bunch went out", frames.get(i))
                        .isGreaterThanOrEqualTo(stallEnded[0]);
            }
            System.out.printf(Locale.ROOT, "a bunch of 4 frames after a stall, stamped %.2f ms apart in all;"
                    + " the frame before it %.1f ms earlier%n", (stamps.get(5) - stamps.get(2)) / 1e6,
                    (stamps.get(2) - stamps.get(1)) / 1e6);
        }
    }

    private static byte[] part(byte[] jpeg) {
        byte[] header = ("--frame\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] part = Arrays.copyOf(header, header.length + jpeg.length + 2);
        System.arraycopy(jpeg, 0, part, header.length, jpeg.length);
        part[part.length - 2] = '\r';
        part[part.length - 1] = '\n';
        return part;
    }

    private static void readRequest(InputStream in) throws java.io.IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** A small JPEG with the simulated camera's truth comment for frame {@code n}. */
    private static byte[] taggedJpeg(long n) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 48,
                java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", jpeg);
        byte[] text = ("drivetape-truth t_ns=" + n + " frame=" + n + " led=0").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[jpeg.size() + 4 + text.length];
        int length = JpegComment.insert(java.nio.ByteBuffer.wrap(jpeg.toByteArray()), text, text.length, out);
        return Arrays.copyOf(out, length);
    }

    private static long truthFrame(byte[] jpeg) {
        String comment = JpegComment.read(jpeg, jpeg.length);
        Matcher m = comment == null ? null : TRUTH.matcher(comment);
        assertThat(m != null && m.matches()).as("truth comment %s", comment).isTrue();
        return Long.parseLong(m.group(2));
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** Opens the source and returns the error message, checking it is one line. */
    private static String openError(String url) throws Exception {
        assertThat(FrameSources.isStreamUrl(url)).isTrue();
        FrameSource frames = FrameSources.open(url, 640, 360, 30);
        try {
            CameraException error = assertThrows(CameraException.class, frames::open);
            assertThat(error.getMessage()).doesNotContain("\n");
            return error.getMessage();
        } finally {
            frames.close();
        }
    }
}
