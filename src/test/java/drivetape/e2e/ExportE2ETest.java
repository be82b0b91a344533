package drivetape.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.export.ExportFixtures;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./drivetape export} as a user runs it: a separate process, plain progress lines, the summary. */
class ExportE2ETest {
    @TempDir
    Path tmp;

    @Test
    void exportsBothFormatsAndRefusesAnEpisodeAnotherProcessIsRecording() throws Exception {
        Path episode = ExportFixtures.episode(tmp.resolve("data/e1"), "2026-11-24T10:00:00.000Z", 40, 1000.0 / 30);

        for (String format : new String[] {"tub", "lerobot"}) {
            Cli cli = Cli.run(tmp.resolve("logs"), format, Duration.ofMinutes(2), "export", "--format", format,
                    "--out", tmp.resolve(format).toString(), tmp.resolve("data").toString());
            assertThat(cli.exitCode()).as(cli.stderr()).isZero();
            assertThat(cli.stdout()).contains("exported 1 episode, 40 frames as " + format);
            assertThat(cli.stderr()).doesNotContain("\r").doesNotContain("SLF4J");
        }
        assertThat(tmp.resolve("tub/manifest.json")).isNotEmptyFile();
        assertThat(tmp.resolve("lerobot/videos/observation.images.front/chunk-000/file-000.mp4")).isNotEmptyFile();

        // This test's JVM holds the lock, as a live recorder does: the export (another process) must refuse.
        try (FileChannel lock = FileChannel.open(episode.resolve(".drivetape-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            Cli cli = Cli.run(tmp.resolve("logs"), "locked", Duration.ofMinutes(1), "export", "--format", "tub",
                    "--out", tmp.resolve("locked").toString(), episode.toString());
            assertThat(cli.exitCode()).isEqualTo(2);
            assertThat(cli.stderr().strip()).isEqualTo("drivetape: episode e1 is being recorded right now (a recorder"
                    + " holds its .drivetape-lock): wait until it ends, or leave it out");
        }
        assertThat(Files.exists(tmp.resolve("locked"))).isFalse();
    }
}
