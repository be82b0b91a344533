package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.format.Meta;
import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera's latency measured with the LED, end to end: the simulated board (UART-paced, pings and blinks)
 * on a pty, and a simulated IP camera of known latency that draws the board's LED and a moving ball. The real
 * CLI calibrates it, then records it with the stored calibration, and every frame's {@code t_ns} is scored
 * against its true exposure moment.
 */
class CameraLatencyE2ETest {
    private static final double TRUE_LATENCY_MS = 55;
    private static final Pattern RESULT = Pattern.compile("camera latency: ([0-9.]+) ms \\+/- ([0-9.]+) ms \\((\\d+) switches");

    @TempDir
    Path tmp;

    @Test
    void calibrationMeasuresTheLatencyAndARecordingThenStampsFramesAtTheirExposure() throws Exception {
        Path truth = tmp.resolve("truth.csv");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString());
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--camera-http", "127.0.0.1:0", "--camera-latency-ms", Double.toString(TRUE_LATENCY_MS),
                    "--duration", "90", "--seed", "11", "--truth", truth.toString());
            try {
                String camera = sim.awaitCameraUrl(Duration.ofSeconds(60));

                Cli calibrate = Cli.start(tmp, "calibrate", env, "calibrate", "camera", "--serial",
                        pty.hostSide().toString(), "--camera", camera, "--blinks", "60");
                assertThat(calibrate.await(Duration.ofSeconds(90))).as(calibrate.stderr()).isZero();
                Matcher result = RESULT.matcher(calibrate.stdout());
                assertThat(result.find()).as(calibrate.stdout() + calibrate.stderr()).isTrue();
                double measured = Double.parseDouble(result.group(1));
                double uncertainty = Double.parseDouble(result.group(2));
                System.out.printf(Locale.ROOT, "calibration: %.2f ms +/- %.2f ms, %s switches (truth %.1f ms)%n",
                        measured, uncertainty, result.group(3), TRUE_LATENCY_MS);
                assertThat(Math.abs(measured - TRUE_LATENCY_MS)).as("measured latency vs truth, ms").isLessThanOrEqualTo(2.0);
                assertThat(Integer.parseInt(result.group(3))).isGreaterThanOrEqualTo(45);
                Path store = tmp.resolve("config/drivetape/calibration.json");
                assertThat(Files.readString(store)).contains(camera).contains("\"latency_ms\"");

                Cli record = Cli.start(tmp, "record", env, "record", "--serial", pty.hostSide().toString(),
                        "--camera", camera, "--duration", "8", "--out", tmp.resolve("eps").toString());
                assertThat(record.await(Duration.ofSeconds(60))).as(record.stderr()).isZero();
                assertThat(record.stderr()).doesNotContain("has no latency calibration");
                Path episode = Path.of(record.stdout().trim());
                JsonNode m = metadata(episode);
                JsonNode cam = m.get(Meta.CAMERA);
                assertThat(cam.get(Meta.LATENCY_SOURCE).asText()).isEqualTo("calibrated");
                // Printed to 0.1 ms, stored to 0.001 ms.
                assertThat(cam.get(Meta.LATENCY_MS).asDouble()).isCloseTo(measured, org.assertj.core.api.Assertions.within(0.051));
                assertThat(cam.get(Meta.SOURCE).asText()).isEqualTo(camera);

                // The truth file is complete once the simulator has ended (it flushes once a second).
                sim.signal("TERM");
                assertThat(sim.await(Duration.ofSeconds(30))).isZero();
                double[] errors = TimeTruth.scoreFrames(episode, m, truth);
                System.out.printf(Locale.ROOT, "recorded frames, %d: |t_ns - exposure| p50 %.2f p99 %.2f max %.2f ms%n",
                        errors.length, TimeTruth.pct(errors, 0.5), TimeTruth.pct(errors, 0.99),
                        errors[errors.length - 1]);
                assertThat(errors.length).isGreaterThan(150);
                assertThat(TimeTruth.pct(errors, 0.99)).as("frame t_ns p99 error, ms").isLessThanOrEqualTo(3.0);
            } finally {
                if (sim.isAlive()) {
                    sim.signal("TERM");
                    sim.await(Duration.ofSeconds(30));
                }
            }
        }
    }

    @Test
    void aBoardThatCannotBlinkIsToldWhichFirmwareToFlashAndAnUncalibratedCameraIsWarnedAbout() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--caps", "ping", "--camera-http", "127.0.0.1:0", "--duration", "60");
            try {
                String camera = sim.awaitCameraUrl(Duration.ofSeconds(60));
                Cli calibrate = Cli.start(tmp, "calibrate", Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString()),
                        "calibrate", "camera", "--serial", pty.hostSide().toString(), "--camera", camera);
                assertThat(calibrate.await(Duration.ofSeconds(60))).isEqualTo(2);
                assertThat(calibrate.stderr()).contains("does not announce caps=blink").contains("flash");
                assertThat(tmp.resolve("config/drivetape/calibration.json")).doesNotExist();

                // Recording a real camera nobody calibrated: said so, and written down as such.
                Cli record = Cli.start(tmp, "record", Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString()),
                        "record", "--serial", pty.hostSide().toString(), "--camera", camera, "--duration", "2",
                        "--out", tmp.resolve("eps").toString());
                assertThat(record.await(Duration.ofSeconds(60))).as(record.stderr()).isZero();
                assertThat(record.stderr()).contains("has no latency calibration").contains("drivetape calibrate camera");
                JsonNode cam = metadata(Path.of(record.stdout().trim())).get(Meta.CAMERA);
                assertThat(cam.get(Meta.LATENCY_SOURCE).asText()).isEqualTo("none");
                assertThat(cam.get(Meta.LATENCY_MS).asDouble()).isZero();
            } finally {
                if (sim.isAlive()) {
                    sim.signal("TERM");
                    sim.await(Duration.ofSeconds(30));
                }
            }
        }
    }
}
