package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.header;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder end to end through the real CLI: a socat pseudo-terminal pair, the simulated controller as
 * its own process (with boot noise, corrupt and lost records) and the synthetic test camera.
 */
class RecordE2ETest {
    private static final Pattern SIM_SENT = Pattern.compile(
            "sent (\\d+) samples, (\\d+) events, (\\d+) corrupt, (\\d+) lost, (\\d+) bytes");

    @TempDir
    Path tmp;

    @Test
    void recordsAnEpisodeThatMatchesTheFormatExactly() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp)) {
            Path out = tmp.resolve("episodes");
            Cli recorder = Cli.start(tmp, "record", "record", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--duration", "7", "--out", out.toString(), "--resolution", "320x240",
                    "--fps", "30", "--episode-id", "e2e-run");
            Path episode = recorder.awaitEpisodePath(Duration.ofSeconds(60));
            // The controller starts after the recorder listens, so every line it sends is accounted for.
            Cli sim = Cli.run(tmp, "sim", Duration.ofSeconds(30), "simulate", "controller", "--port",
                    pty.controllerSide().toString(), "--rate", "50", "--duration", "3", "--boot-noise",
                    "--corrupt-every", "37", "--lose-every", "41", "--seed", "11");
            assertThat(sim.exitCode()).as(sim.stderr()).isZero();
            assertThat(recorder.await(Duration.ofSeconds(40))).as(recorder.stderr()).isZero();

            assertThat(episode).isEqualTo(out.resolve("e2e-run"));
            assertThat(recorder.stdout().trim()).isEqualTo(episode.toString());
            Matcher sent = SIM_SENT.matcher(sim.stderr());
            assertThat(sent.find()).as(sim.stderr()).isTrue();
            long simSamples = Long.parseLong(sent.group(1));
            long simEvents = Long.parseLong(sent.group(2));
            long simCorrupt = Long.parseLong(sent.group(3));
            long simLost = Long.parseLong(sent.group(4));
            assertThat(simCorrupt).isPositive();
            assertThat(simLost).isPositive();

            try (var listing = Files.list(episode)) {
                assertThat(listing.map(p -> p.getFileName().toString()))
                        .contains("metadata.json", "controls.csv", "events.csv", "frames.csv", "frames")
                        .doesNotContain("metadata.json.tmp", ".drivetape-reserve");
            }
            assertThat(header(episode.resolve("controls.csv"))).isEqualTo("seq,device_us,receive_ns,t_ns,steering,throttle");
            assertThat(header(episode.resolve("events.csv"))).isEqualTo(Episodes.EVENTS_HEADER);
            assertThat(header(episode.resolve("frames.csv"))).isEqualTo(Episodes.FRAMES_HEADER);

            JsonNode m = metadata(episode);
            JsonNode counts = m.get("counts");
            List<String[]> controls = rows(episode.resolve("controls.csv"));
            List<String[]> events = rows(episode.resolve("events.csv"));
            List<String[]> frames = rows(episode.resolve("frames.csv"));
            assertThat(m.get("status").asText()).isEqualTo("complete");
            assertThat(m.get("format").asText()).isEqualTo("episode/1");
            assertThat(counts.get("controls").asLong()).isEqualTo(controls.size());
            assertThat(counts.get("events").asLong()).isEqualTo(events.size());
            assertThat(counts.get("frames").asLong()).isEqualTo(frames.size());
            // What the controller sent, less what it corrupted, is exactly what was recorded.
            assertThat(counts.get("bad_lines").asLong()).isEqualTo(simCorrupt);
            assertThat(controls.size() + events.size() + simCorrupt)
                    .as(recorder.stderr() + "\n" + sim.stderr() + "\n" + controls.stream().map(r -> r[0]).toList())
                    .isEqualTo(simSamples + simEvents);
            // A record lost at the very end leaves no gap behind it to count.
            assertThat(counts.get("lost_samples").asLong()).isBetween(simLost - 1, simLost);
            assertThat(counts.get("noise_lines").asLong()).isPositive();
            assertThat(m.get("controller").get("hello").asText()).startsWith("#hello proto=1 ");
            assertThat(m.get("controller").get("channels").toString()).isEqualTo("[\"steering\",\"throttle\"]");

            // Controls: seq rises, device time rises, t_ns on the episode's clock near the start.
            long startNs = m.get("time_base").get("epoch_ns_at_start").asLong();
            long previousSeq = -1;
            for (String[] row : controls) {
                assertThat(row).hasSize(6);
                long seq = Long.parseLong(row[0]);
                assertThat(seq).isGreaterThan(previousSeq);
                previousSeq = seq;
                long tNs = Long.parseLong(row[3]);
                assertThat(tNs - startNs).isBetween(0L, 20_000_000_000L);
                assertThat(Integer.parseInt(row[4])).isBetween(900, 2100);
                assertThat(Integer.parseInt(row[5])).isBetween(900, 2100);
            }

            // Frames: ~30 fps for 7 s, none dropped at this size, each a whole 320x240 JPEG.
            assertThat(frames.size()).isBetween(170, 225);
            assertThat(counts.get("frames_written").asLong()).isEqualTo(frames.size());
            assertThat(counts.get("frames_dropped").asLong()).isZero();
            assertThat(counts.get("write_errors").asLong()).isZero();
            assertFramesConsistent(episode, 320, 240);
            assertThat(m.get("rates").get("frame_hz").asDouble()).isBetween(27.0, 33.0);
            assertThat(m.get("rates").get("expected_frame_hz").asDouble()).isEqualTo(30.0);
            assertThat(m.get("camera").get("jpeg_quality").asInt()).isEqualTo(90);
            assertThat(m.get("camera").get("width").asInt()).isEqualTo(320);

            JsonNode sync = m.get("sync_quality");
            for (String key : List.of("max_offset_ms", "avg_control_interval_ms", "avg_frame_interval_ms",
                    "control_jitter_ms", "frame_jitter_ms", "status")) {
                assertThat(sync.has(key)).as(key).isTrue();
            }
            assertThat(sync.get("avg_frame_interval_ms").asDouble()).isBetween(30.0, 37.0);
            assertThat(recorder.stderr()).contains("Sync quality: ").contains(" ms max offset [");
            assertThat(recorder.stderr()).doesNotContain("Exception");
        }
    }
}
