package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: a whole recording with simulated devices and no hardware. */
class DemoE2ETest {

    @TempDir
    Path tmp;

    @Test
    void recordsADemoEpisodeAndPrintsTheSummary() throws Exception {
        Cli demo = Cli.run(tmp, "demo", Duration.ofSeconds(90), "demo", "--duration", "4", "--out",
                tmp.resolve("eps").toString());
        assertThat(demo.exitCode()).as(demo.stderr()).isZero();
        Path episode = Path.of(demo.stdout().trim());
        assertThat(episode.getParent()).isEqualTo(tmp.resolve("eps"));
        assertThat(demo.stderr()).contains("complete").contains("Sync quality: ").contains("[GOOD]");

        JsonNode m = metadata(episode);
        assertThat(m.get("status").asText()).isEqualTo("complete");
        assertThat(m.get("controller").get("hello").asText()).startsWith("#hello proto=1");
        JsonNode counts = m.get("counts");
        // 4 s of capture at 50 Hz, plus what the controller sent while the camera was opening (kept, with
        // its earlier times).
        assertThat(counts.get("controls").asLong()).isBetween(180L, 500L);
        assertThat(counts.get("frames").asLong()).isBetween(100L, 140L);
        assertThat(counts.get("bad_lines").asLong()).isZero();
        assertThat(counts.get("lost_samples").asLong()).isZero();
        assertThat(rows(episode.resolve("controls.csv"))).hasSize(counts.get("controls").asInt());
        assertFramesConsistent(episode, 640, 360);
        assertThat(m.get("sync_quality").get("status").asText()).isEqualTo("GOOD");
        if (drivetape.sim.PtyPair.socatAvailable()) {
            // Over the pty the simulated board hears the recorder's pings and answers them.
            assertThat(m.get("clock").get("method").asText()).isEqualTo("two_way");
            assertThat(m.get("clock").get("pongs_received").asLong()).isGreaterThan(10);
        }
    }
}
