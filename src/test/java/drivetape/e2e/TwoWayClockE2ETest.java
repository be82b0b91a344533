package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.format.Meta;
import drivetape.sim.PtyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Absolute time truth with the physics of an Uno: the simulated controller sends each line through a
 * 115200-baud UART and a 1 ms USB bridge grid, its clock 2500 ppm fast across the micros() wrap; the real
 * CLI records it through a pty. With {@code caps=ping} the recorder pings it and brackets the offset from both
 * sides; without (older firmware) it has only the envelope and the modelled UART time.
 */
class TwoWayClockE2ETest {
    @TempDir
    Path tmp;

    @Test
    void withPingsEveryControlRowIsWithinHalfAMillisecondOfTheTruth() throws Exception {
        Run run = record("ping");
        assertThat(run.score().p99Ms()).as("p99 of |t_ns - truth| in ms, two-way").isLessThanOrEqualTo(0.5);
        JsonNode clock = run.metadata().get(Meta.CLOCK);
        assertThat(clock.get("method").asText()).isEqualTo("two_way");
        // 4 pings a second for about 15 s, nearly all answered.
        assertThat(clock.get(Meta.PINGS_SENT).asLong()).isGreaterThan(40);
        assertThat(clock.get(Meta.PONGS_RECEIVED).asLong()).isGreaterThan(clock.get(Meta.PINGS_SENT).asLong() * 8 / 10);
        // The round trip holds both lines' UART times (13-byte ping, about 20-byte pong: about 2.9 ms).
        assertThat(clock.get(Meta.RTT_MIN_MS).asDouble()).isBetween(2.5, 20.0);
        assertThat(clock.get(Meta.BRACKET_MIN_MS).asDouble()).isLessThan(1.0);
        assertThat(clock.get(Meta.BRACKET_P50_MS).asDouble()).isGreaterThanOrEqualTo(clock.get(Meta.BRACKET_MIN_MS).asDouble());
        assertThat(clock.get(Meta.BRACKET_P99_MS).asDouble()).isGreaterThanOrEqualTo(clock.get(Meta.BRACKET_P50_MS).asDouble());
        assertThat(clock.get("drift_ppm").asDouble()).isBetween(2450.0, 2550.0);
        // Pongs are event records: events.csv holds them (one row per event record), controls.csv does not.
        assertThat(Episodes.rows(run.episode().resolve("events.csv"))).anyMatch(r -> r[4].equals("pong"));
    }

    @Test
    void withoutPingsEveryControlRowIsWithinAMillisecondOfTheTruth() throws Exception {
        Run run = record("");
        assertThat(run.score().p99Ms()).as("p99 of |t_ns - truth| in ms, envelope only").isLessThanOrEqualTo(1.0);
        JsonNode clock = run.metadata().get(Meta.CLOCK);
        assertThat(clock.get("method").asText()).isEqualTo("lower_envelope");
        assertThat(clock.has(Meta.PINGS_SENT)).as("a board without caps=ping is sent nothing").isFalse();
        assertThat(Episodes.rows(run.episode().resolve("events.csv"))).noneMatch(r -> r[4].equals("pong"));
    }

    private record Run(Path episode, JsonNode metadata, TimeTruth.Score score) {
    }

    private Run record(String caps) throws Exception {
        Path truth = tmp.resolve("truth.csv");
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli recorder = Cli.start(tmp, "record", "record", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--resolution", "320x240", "--duration", "17", "--out",
                    tmp.resolve("eps").toString());
            Thread.sleep(1500);
            List<String> args = new ArrayList<>(List.of("simulate", "controller", "--port",
                    pty.controllerSide().toString(), "--link", "uart", "--caps", caps, "--drift-ppm", "2500",
                    "--duration", "15", "--seed", "5", "--t0-us", Long.toString(TimeTruth.U32 - 5_000_000),
                    "--truth", truth.toString()));
            Cli sim = Cli.run(tmp, "sim", Duration.ofSeconds(60), args.toArray(String[]::new));
            assertThat(sim.exitCode()).as(sim.stderr()).isZero();
            assertThat(recorder.await(Duration.ofSeconds(60))).as(recorder.stderr()).isZero();
            Path episode = Path.of(recorder.stdout().trim());
            JsonNode m = metadata(episode);
            TimeTruth.Score score = TimeTruth.scoreControls(episode, m, truth);
            score.print("two-way clock, caps=\"" + caps + "\"", m);
            assertThat(score.rows()).isGreaterThan(700);
            assertThat(score.crossedWrap()).isTrue();
            return new Run(episode, m, score);
        }
    }
}
