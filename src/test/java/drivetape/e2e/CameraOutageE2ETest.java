package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import drivetape.sim.camera.JpegComment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Camera gone and back" in a drive session: the simulated IP camera goes away for two seconds in the
 * middle of an episode (drops its client, refuses connections) and comes back; the recorder keeps the
 * controls, notes the outage and picks the stream up again.
 */
class CameraOutageE2ETest {
    private static final Pattern TRUTH = Pattern.compile("drivetape-truth t_ns=(\\d+) frame=(\\d+) led=([0-9.]+)");
    private static final double FPS = 30;
    private static final long LATENCY_NS = 40_000_000L;
    /** The outage in true seconds since the simulator started: late enough for drive to be up by then. */
    private static final double OUTAGE_FROM_S = 14;
    private static final double OUTAGE_TO_S = 16;

    @TempDir
    Path tmp;

    @Test
    void theCameraGoneAndBackIsAnOutageInTheEpisodeAndTheControlsNeverStop() throws Exception {
        Path truthFile = tmp.resolve("truth.csv");
        Path out = tmp.resolve("eps");
        Path episode;
        Cli drive;
        String cameraUrl;
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--rate", "50", "--duration", "90", "--truth", truthFile.toString(),
                    "--camera-http", "127.0.0.1:0", "--camera-size", "320x240", "--camera-fps", "30",
                    "--camera-latency-ms", "40", "--camera-outage", OUTAGE_FROM_S + ":" + OUTAGE_TO_S);
            cameraUrl = sim.awaitCameraUrl(Duration.ofSeconds(60));
            drive = Cli.startWithKeyboard(tmp, "drive", "drive", "--serial", pty.hostSide().toString(),
                    "--camera", cameraUrl, "--resolution", "640x360", "--camera-latency-ms", "40",
                    "--out", out.toString());
            drive.awaitStderr("Session started", Duration.ofSeconds(60));
            drive.type("");
            episode = drive.awaitEpisodePath(Duration.ofSeconds(30));
            assertThat(drive.stderr()).as("drive was up before the outage at %s s; if not, this machine is"
                    + " too slow for the test's timing", OUTAGE_FROM_S).doesNotContain("the camera went away");
            drive.awaitStderr("the camera went away", Duration.ofSeconds(30));
            drive.awaitStderr("the camera is back", Duration.ofSeconds(30));
            Thread.sleep(2000);
            drive.signal("TERM");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim.signal("TERM");
            assertThat(sim.await(Duration.ofSeconds(30))).as(sim.stderr()).isZero();
        }
        assertThat(drive.stderr()).doesNotContain("Exception");
        JsonNode m = metadata(episode);
        assertThat(m.get("status").asText()).isEqualTo("complete");
        assertThat(m.get("camera").get("width").asInt()).as("the stream's size, not --resolution").isEqualTo(320);
        assertThat(m.get("camera").get("fps").asDouble()).as("--fps, as the stream names no rate").isEqualTo(30);
        assertThat(m.get("camera").get("input_format").asText()).isEqualTo("mjpeg");
        assertThat(m.get("camera").get("source").asText()).isEqualTo(cameraUrl);
        assertFramesConsistent(episode, 320, 240);

        // The simulator's origin on the epoch clock, from its truth: frame n is exposed n / fps after it.
        Map<Long, Long> truthFrames = new HashMap<>();
        for (String line : Files.readAllLines(truthFile).subList(1, Files.readAllLines(truthFile).size())) {
            String[] r = line.split(",", -1);
            if (r[1].equals("frame")) {
                truthFrames.put(Long.parseLong(r[0]), Long.parseLong(r[4]));
            }
        }
        long anyFrame = truthFrames.keySet().iterator().next();
        long originNs = truthFrames.get(anyFrame) - Math.round(anyFrame * 1e9 / FPS);
        long outageFromNs = originNs + Math.round(OUTAGE_FROM_S * 1e9);
        long outageToNs = originNs + Math.round(OUTAGE_TO_S * 1e9);
        // The camera sent nothing during its outage.
        truthFrames.forEach((frame, middleNs) -> assertThat(middleNs + LATENCY_NS >= outageFromNs
                && middleNs + LATENCY_NS < outageToNs).as("truth frame %d sent in the outage", frame).isFalse());

        // The outage the recorder noticed: from when the stream dropped to when it was streaming again.
        JsonNode camera = null;
        for (JsonNode o : m.get("outages")) {
            if (o.get("device").asText().equals("camera")) {
                assertThat(camera).as("one camera outage: %s", m.get("outages")).isNull();
                camera = o;
            }
        }
        assertThat(camera).as("a camera outage in %s", m.get("outages")).isNotNull();
        long fromNs = camera.get("from_ns").asLong();
        long toNs = camera.get("to_ns").asLong();
        assertThat(fromNs - outageFromNs).as("ns from the camera's going to the recorder's noticing")
                .isBetween(-100_000_000L, 1_000_000_000L);
        assertThat(toNs - outageToNs).as("ns from the camera's return to the recorder's reconnecting")
                .isBetween(-50_000_000L, 2_500_000_000L); // two processes' epoch anchors may differ by a little

        // Frames before and after, none in the middle; each file is the camera's JPEG, its truth inside.
        List<String[]> frames = rows(episode.resolve("frames.csv"));
        long before = frames.stream().filter(f -> Long.parseLong(f[1]) < fromNs).count();
        long after = frames.stream().filter(f -> Long.parseLong(f[1]) > toNs).count();
        assertThat(before).as("frames before the outage").isGreaterThan(30);
        assertThat(after).as("frames after the outage").isGreaterThan(30);
        assertThat(frames.stream().filter(f -> Long.parseLong(f[1]) > fromNs + 100_000_000L
                && Long.parseLong(f[1]) < toNs - 100_000_000L)).as("frames while the camera was gone").isEmpty();
        long previousFrame = -1;
        long[] errorNs = new long[frames.size()];
        int n = 0;
        for (String[] f : frames) {
            if (f[4].isEmpty()) {
                continue;
            }
            byte[] jpeg = Files.readAllBytes(episode.resolve(f[4]));
            String comment = JpegComment.read(jpeg, jpeg.length);
            Matcher truth = comment == null ? null : TRUTH.matcher(comment);
            assertThat(truth != null && truth.matches()).as("truth comment in %s: %s", f[4], comment).isTrue();
            long frame = Long.parseLong(truth.group(2));
            assertThat(frame).as("camera frame number of %s", f[4]).isGreaterThan(previousFrame);
            previousFrame = frame;
            assertThat(truthFrames.get(frame)).as("truth row of camera frame %d", frame)
                    .isEqualTo(Long.parseLong(truth.group(1)));
            errorNs[n++] = Long.parseLong(f[1]) - Long.parseLong(truth.group(1));
        }
        assertThat(n).isGreaterThan(60);
        long[] errors = Arrays.copyOf(errorNs, n);
        Arrays.sort(errors);
        // t_ns is arrival minus the 40 ms latency: off from the true exposure by the arrival jitter only.
        assertThat(errors[n / 2]).as("median t_ns - true exposure, ns").isBetween(-20_000_000L, 20_000_000L);
        System.out.printf(Locale.ROOT, "frame t_ns - true exposure over %d frames (ms): min %.2f p50 %.2f p99 %.2f"
                        + " max %.2f; camera outage noticed %.0f ms after it began, over %.0f ms after it ended%n",
                n, errors[0] / 1e6, errors[n / 2] / 1e6, errors[(int) Math.ceil(0.99 * n) - 1] / 1e6,
                errors[n - 1] / 1e6, (fromNs - outageFromNs) / 1e6, (toNs - outageToNs) / 1e6);

        // The controls never stopped: no gap over 100 ms at 50 Hz, right through the outage.
        List<String[]> controls = rows(episode.resolve("controls.csv"));
        long[] t = controls.stream().mapToLong(r -> Long.parseLong(r[3])).sorted().toArray();
        assertThat(t[0]).isLessThan(fromNs);
        assertThat(t[t.length - 1]).isGreaterThan(toNs);
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i] - t[i - 1]).as("control gap at row %d, ns", i).isLessThanOrEqualTo(100_000_000L);
        }
    }
}
