package drivetape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.dataset.Excluded;
import drivetape.export.ExportFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drivetape export} in-process: every refusal is exit 2 with one line that says what to do. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private Path episode(String name) throws IOException {
        return ExportFixtures.episode(dir.resolve("data").resolve(name), "2026-11-24T10:00:00.000Z", 4, 33);
    }

    /** Runs the command, expects exit 2 and returns the one line on stderr. */
    private String refused(String... args) {
        int code = Main.run(args);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(stderr).isEqualTo(2);
        assertThat(stderr.strip().lines()).as("one line").hasSize(1);
        assertThat(stderr).startsWith("drivetape: ").doesNotContain("Exception");
        return stderr.strip();
    }

    private String out() {
        return dir.resolve("out").toString();
    }

    @Test
    void anEpisodeStillBeingRecordedIsRefused() throws IOException {
        Path e = episode("e1");
        Files.writeString(e.resolve("metadata.json"), Files.readString(e.resolve("metadata.json"))
                .replace("\"complete\"", "\"recording\""));
        assertThat(refused("export", "--format", "tub", "--out", out(), e.toString()))
                .contains("e1 is still being recorded").contains("wait until it ends");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anEpisodeWhoseLockARecorderHoldsIsRefused() throws IOException {
        Path e = episode("e1");
        try (FileChannel lock = FileChannel.open(e.resolve(".drivetape-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            assertThat(refused("export", "--format", "tub", "--out", out(), e.toString()))
                    .contains("e1 is being recorded right now").contains(".drivetape-lock");
        }
    }

    @Test
    void aLeftOverUnlockedLockFileIsNoObstacle() throws IOException {
        Path e = episode("e1");
        Files.createFile(e.resolve(".drivetape-lock"));
        assertThat(Main.run("export", "--format", "tub", "--out", out(), e.toString())).isZero();
    }

    @Test
    void aNonEmptyOutIsRefused() throws IOException {
        Path e = episode("e1");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/old.txt"), "x");
        assertThat(refused("export", "--format", "lerobot", "--out", out(), e.toString()))
                .contains("--out").contains("is not empty");
    }

    @Test
    void aFolderThatIsNoEpisodeAndHoldsNoneIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("nothing-here"));
        assertThat(refused("export", "--format", "tub", "--out", out(), empty.toString()))
                .contains("is not an episode").contains("holds no episodes");
    }

    @Test
    void aMissingPathOrAFileIsRefused() throws IOException {
        assertThat(refused("export", "--format", "tub", "--out", out(), dir.resolve("nope").toString()))
                .contains("no such episode or folder");
        err.reset();
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThat(refused("export", "--format", "tub", "--out", out(), file.toString())).contains("is a file");
    }

    @Test
    void noEpisodesAtAllIsRefused() {
        assertThat(refused("export", "--format", "tub", "--out", out())).contains("EPISODE_OR_DATA_ROOT");
    }

    @Test
    void unknownFormatsAreRefused() throws IOException {
        Path e = episode("e1");
        assertThat(refused("export", "--format", "csv", "--out", out(), e.toString()))
                .contains("unknown --format 'csv'").contains("tub, lerobot, mcap");
    }

    @Test
    void badMapsAndFpsAreRefused() throws IOException {
        Path e = episode("e1");
        assertThat(refused("export", "--format", "tub", "--map", "steering=2000-1000", "--out", out(),
                e.toString())).contains("CHANNEL=LOW:CENTRE:HIGH");
        err.reset();
        assertThat(refused("export", "--format", "tub", "--map", "steering=1000:2500:2000", "--out", out(),
                e.toString())).contains("centre must lie strictly between");
        err.reset();
        assertThat(refused("export", "--format", "tub", "--map", "rudder=1000:1500:2000", "--out", out(),
                e.toString())).contains("'rudder'").contains("steering,throttle");
        err.reset();
        assertThat(refused("export", "--format", "lerobot", "--fps", "29.97", "--out", dir.resolve("o2").toString(),
                e.toString())).contains("--fps must be a whole number");
    }

    @Test
    void aFolderOfEpisodesIsExportedOldestFirstWithASummary() throws IOException {
        ExportFixtures.episode(dir.resolve("data/late"), "2026-11-24T12:00:00.000Z", 3, 33);
        ExportFixtures.episode(dir.resolve("data/early"), "2026-11-24T08:00:00.000Z", 2, 33);

        int code = Main.run("export", "--format", "tub", "--out", out(), dir.resolve("data").toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .matches("exported 2 episodes, 5 frames as tub to .*/out: [0-9.]+ MB in [0-9.]+ s, [0-9]+ frames/s");
        assertThat(Files.readAllLines(dir.resolve("out/manifest.json")).get(2)).contains("early,late");
    }

    @Test
    void alignedCsvOlderThanExcludedJsonIsRebuiltFirst() throws IOException {
        Path e = episode("e1");
        Main.run("align", e.toString());
        assertThat(Files.readAllLines(e.resolve("aligned.csv"))).hasSize(5);
        Excluded.of(List.of(new Excluded.Range(1, 2))).write(e);
        Files.setLastModifiedTime(e.resolve("aligned.csv"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));

        assertThat(Main.run("export", "--format", "tub", "--out", out(), e.toString())).isZero();

        assertThat(Files.readAllLines(e.resolve("aligned.csv"))).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("out/manifest.json")).get(4)).contains("\"current_index\":3");
    }
}
