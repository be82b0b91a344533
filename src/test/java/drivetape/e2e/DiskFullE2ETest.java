package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fills up mid-episode ends it cleanly as "interrupted", with everything written readable. */
class DiskFullE2ETest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskEndsTheEpisodeInterruptedAndReadable() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small-disk"));
        // A real full file system: a 3 MiB tmpfs (needs root, as in CI; skipped where mount is refused).
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + new String(mount.getInputStream().readAllBytes()));
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--duration", "60");
            Cli recorder = Cli.run(tmp, "record", Duration.ofSeconds(90), "record", "--serial",
                    pty.hostSide().toString(), "--camera", "test", "--out", small.toString(), "--resolution",
                    "640x480", "--jpeg-quality", "95", "--duration", "60");
            sim.signal("TERM");

            assertThat(recorder.exitCode()).as(recorder.stderr()).isEqualTo(3);
            assertThat(recorder.stderr()).contains("disk full").doesNotContain("Exception");
            Path episode = Path.of(recorder.stdout().trim());
            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("interrupted");
            assertThat(m.get("problem").asText()).contains("disk full");
            assertThat(m.get("duration_s").asDouble()).isLessThan(30.0);
            JsonNode counts = m.get("counts");
            assertThat(counts.get("frames_written").asLong()).isPositive();
            assertThat(rows(episode.resolve("frames.csv")).size()).isEqualTo(counts.get("frames").asInt());
            assertThat(rows(episode.resolve("controls.csv")).size()).isEqualTo(counts.get("controls").asInt());
            assertFramesConsistent(episode, 640, 480);
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }
}
