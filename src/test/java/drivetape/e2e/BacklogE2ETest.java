package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.format.Meta;
import drivetape.sim.PtyPair;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A board that does not reset when the port is opened (native USB, a CH340 without DTR reset): the simulated
 * controller starts first, so its lines of the first seconds wait in the pty, and the recorder's first read
 * brings them all at once, received at the open. A short recording, as a calibration run is, must still
 * get its clock from the lines that came by the serial path, not from that burst.
 */
class BacklogE2ETest {
    /** How long the controller runs before the recorder is started (then the JVM takes a second or two). */
    private static final long BACKLOG_MS = 2500;

    @TempDir
    Path tmp;

    @Test
    void withPingsTheBacklogDoesNotSteerTheClock() throws Exception {
        Run run = record("ping");
        assertThat(run.clock().get("method").asText()).isEqualTo("two_way");
    }

    @Test
    void withoutPingsTheBacklogDoesNotSteerTheClock() throws Exception {
        Run run = record("");
        assertThat(run.clock().get("method").asText()).isEqualTo("lower_envelope");
    }

    private record Run(JsonNode clock) {
    }

    private Run record(String caps) throws Exception {
        Path truth = tmp.resolve("truth.csv");
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            // Longer than the backlog, the recorder's start and its 5 s: the controller never stops mid-episode.
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--link", "uart", "--caps", caps, "--drift-ppm", "2500", "--duration", "14", "--seed", "7",
                    "--truth", truth.toString());
            Thread.sleep(BACKLOG_MS);
            Cli recorder = Cli.run(tmp, "record", Duration.ofSeconds(60), "record", "--serial",
                    pty.hostSide().toString(), "--camera", "test", "--resolution", "320x240", "--duration", "5",
                    "--out", tmp.resolve("eps").toString());
            assertThat(recorder.exitCode()).as(recorder.stderr()).isZero();
            assertThat(sim.await(Duration.ofSeconds(60))).as(sim.stderr()).isZero();
            Path episode = Path.of(recorder.stdout().trim());
            JsonNode m = metadata(episode);
            TimeTruth.Score score = TimeTruth.scoreControls(episode, m, truth);
            score.print("backlog at the open, caps=\"" + caps + "\"", m);
            double[] receive = score.receiveErrorsMs();
            // The first rows waited in the port for the whole backlog: it really was there.
            assertThat(receive[receive.length - 1]).as("longest wait in the port, ms").isGreaterThan(BACKLOG_MS - 500);
            assertThat(score.p99Ms()).as("p99 of |t_ns - truth| in ms").isLessThanOrEqualTo(1.0);
            JsonNode clock = m.get(Meta.CLOCK);
            // Before the fix: the 10101 ppm clamp (the burst's slope), tens of ms off.
            assertThat(clock.get("drift_ppm").asDouble()).isBetween(2400.0, 2600.0);
            assertThat(clock.get("segments").asInt()).isEqualTo(1);
            // The link's delays (a UART line's queueing, the 1 ms grid), not the seconds the backlog waited.
            assertThat(clock.get("residual_p99_ms").asDouble()).isLessThanOrEqualTo(25.0);
            assertThat(clock.get("times_refined_at_end").asBoolean()).isTrue();
            // The waiting rows are kept and counted: 50 a second of the backlog, less its last 50 ms.
            assertThat(clock.get(Meta.LATE_LINES).asLong()).isGreaterThan((BACKLOG_MS - 500) / 20);
            assertThat(m.get("sync_quality").get("status").asText()).isNotEqualTo("WARNING");
            Cli report = Cli.run(tmp, "report", Duration.ofSeconds(60), "report", episode.toString());
            assertThat(report.exitCode()).as(report.stderr()).isZero();
            assertThat(report.stdout()).contains(clock.get(Meta.LATE_LINES).asLong()
                    + " control rows were read more than 50 ms after their t_ns");
            return new Run(clock);
        }
    }
}
