package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ctrl+C, SIGTERM and kill -9 in the middle of an episode. */
class ShutdownE2ETest {

    @TempDir
    Path tmp;

    private Cli startSimulator(PtyPair pty) throws Exception {
        return Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                "--rate", "50", "--duration", "60");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalMidEpisodeEndsItCompleteWithEveryFrameWritten(String signal) throws Exception {
        try (PtyPair pty = PtyPair.start(tmp)) {
            Cli sim = startSimulator(pty);
            Cli recorder = Cli.start(tmp, "record", "record", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--out", tmp.resolve("eps").toString(), "--resolution", "640x480");
            Path episode = recorder.awaitEpisodePath(Duration.ofSeconds(60));
            Thread.sleep(3000);
            recorder.signal(signal);
            assertThat(recorder.await(Duration.ofSeconds(30))).as(recorder.stderr()).isZero();
            sim.signal("TERM");

            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("complete");
            JsonNode counts = m.get("counts");
            assertThat(counts.get("frames").asLong()).isGreaterThan(30);
            assertThat(counts.get("frames_written").asLong()).isEqualTo(counts.get("frames").asLong());
            assertThat(counts.get("frames_dropped").asLong()).isZero();
            assertThat(rows(episode.resolve("frames.csv"))).hasSize(counts.get("frames").asInt());
            assertThat(rows(episode.resolve("controls.csv"))).hasSize(counts.get("controls").asInt());
            assertThat(counts.get("controls").asLong()).isGreaterThan(50);
            assertFramesConsistent(episode, 640, 480);
            assertThat(recorder.stderr()).contains("Sync quality:").doesNotContain("Exception");
        }
    }

    @Test
    void anUnpluggedControllerEndsTheEpisodeInterruptedAndReadable() throws Exception {
        PtyPair pty = PtyPair.start(tmp);
        Cli sim = startSimulator(pty);
        Cli recorder = Cli.start(tmp, "record", "record", "--serial", pty.hostSide().toString(),
                "--camera", "test", "--out", tmp.resolve("eps").toString(), "--resolution", "320x240");
        Path episode = recorder.awaitEpisodePath(Duration.ofSeconds(60));
        Thread.sleep(2500);
        pty.close(); // the USB cable comes out
        assertThat(recorder.await(Duration.ofSeconds(30))).as(recorder.stderr()).isEqualTo(3);
        sim.signal("TERM");

        assertThat(recorder.stderr()).contains("went away").doesNotContain("Exception");
        JsonNode m = metadata(episode);
        assertThat(m.get("status").asText()).isEqualTo("interrupted");
        JsonNode counts = m.get("counts");
        assertThat(counts.get("controls").asLong()).isGreaterThan(50);
        assertThat(rows(episode.resolve("controls.csv"))).hasSize(counts.get("controls").asInt());
        assertThat(rows(episode.resolve("frames.csv"))).hasSize(counts.get("frames").asInt());
        assertThat(counts.get("frames_written").asLong()).isEqualTo(counts.get("frames").asLong());
        assertFramesConsistent(episode, 320, 240);
    }

    @Test
    void killMinus9LeavesCsvsHoldingAllButTheLastMoments() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp)) {
            Cli sim = startSimulator(pty);
            Cli recorder = Cli.start(tmp, "record", "record", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--out", tmp.resolve("eps").toString(), "--resolution", "320x240");
            Path episode = recorder.awaitEpisodePath(Duration.ofSeconds(60));
            Thread.sleep(4000);
            Instant killedAt = Instant.now();
            recorder.signal("KILL");
            recorder.await(Duration.ofSeconds(10));
            sim.signal("TERM");
            long killNs = killedAt.getEpochSecond() * 1_000_000_000L + killedAt.getNano();

            List<String[]> controls = rows(episode.resolve("controls.csv"));
            List<String[]> frames = rows(episode.resolve("frames.csv"));
            assertThat(controls).hasSizeGreaterThan(100);
            assertThat(frames).hasSizeGreaterThan(60);
            long lastControlNs = Long.parseLong(controls.get(controls.size() - 1)[2]);
            long lastFrameNs = Long.parseLong(frames.get(frames.size() - 1)[2]);
            assertThat(killNs - lastControlNs).as("controls end within a second of the kill")
                    .isBetween(0L, 1_000_000_000L);
            assertThat(killNs - lastFrameNs).as("frames end within a second of the kill")
                    .isBetween(0L, 1_000_000_000L);
            // Every row is whole, and every frame a row names is a whole JPEG.
            for (String[] row : controls) {
                assertThat(row).hasSize(6);
            }
            assertFramesConsistent(episode, 320, 240);
            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("recording");
            assertThat(killNs - m.get("time_base").get("epoch_ns_at_start").asLong()
                    - (long) (m.get("duration_s").asDouble() * 1e9)).isBetween(0L, 1_500_000_000L);
            try (var files = Files.list(episode.resolve("frames"))) {
                assertThat(files.filter(p -> p.toString().endsWith(".jpg")).count())
                        .isBetween((long) frames.size() - 2, (long) frames.size() + 40);
            }
        }
    }
}
