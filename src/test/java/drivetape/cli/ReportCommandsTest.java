package drivetape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.dataset.TestEpisode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandsTest {

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

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path episode() throws IOException {
        return new TestEpisode(dir.resolve("ep")).control(0, 1000, 1000).control(20, 2000, 2000)
                .frame(5).droppedFrame(15).frame(25).write();
    }

    @Test
    void alignBuildsTheTableAndPrintsOneLine() throws IOException {
        Path episode = episode();

        int code = Main.run("align", episode.toString());

        assertThat(code).isZero();
        assertThat(stdout().strip()).isEqualTo("aligned.csv: 2 rows; left out 1 of 3 frames: 0 excluded, 1 not written, "
                + "0 without a control sample within 100 ms, 0 without signal");
        assertThat(Files.readAllLines(episode.resolve("aligned.csv"))).hasSize(3);
        assertThat(stderr()).isEmpty();
    }

    @Test
    void reportJsonIsOneObjectAndDrawsReportPng() throws IOException {
        Path episode = episode();

        int code = Main.run("report", "--json", episode.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(stdout());
        assertThat(json.path("frames").path("dropped").asInt()).isEqualTo(1);
        assertThat(json.path("aligned").path("rows").asInt()).isEqualTo(2);
        assertThat(json.path("report_png").asText()).isEqualTo(episode.resolve("report.png").toString());
        assertThat(episode.resolve("report.png")).isNotEmptyFile();
    }

    @Test
    void reportTextIsABlockOfLabelledLines() throws IOException {
        Path episode = episode();

        assertThat(Main.run("report", episode.toString())).isZero();

        assertThat(stdout()).contains("sync       ", "controls   2 samples", "frames     3 captured",
                "aligned    2 rows", "plot       " + episode.resolve("report.png"));
    }

    @Test
    void aMissingDirectoryIsOneLineAndExitCodeTwo() {
        for (String command : new String[] {"align", "report"}) {
            err.reset();
            int code = Main.run(command, dir.resolve("nope").toString());

            assertThat(code).as(command).isEqualTo(2);
            assertThat(stderr()).as(command).isEqualTo("drivetape: no such episode directory: " + dir.resolve("nope")
                    + System.lineSeparator());
        }
    }

    @Test
    void aDirectoryThatIsNotAnEpisodeIsOneLineAndExitCodeTwo() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        for (String command : new String[] {"align", "report"}) {
            err.reset();
            int code = Main.run(command, dir.toString());

            assertThat(code).as(command).isEqualTo(2);
            assertThat(stderr()).as(command).isEqualTo("drivetape: " + dir + " is not an episode: it has no "
                    + "metadata.json" + System.lineSeparator());
        }
        assertThat(dir.resolve("aligned.csv")).doesNotExist();
    }

    @Test
    void aMalformedFileNamesTheFileAndLine() throws IOException {
        Path episode = episode();
        Files.writeString(episode.resolve("frames.csv"), "index,t_ns,receive_ns,bytes,file\n0,1,2,oops,\n");

        assertThat(Main.run("report", episode.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("drivetape: frames.csv line 2: bytes is not a whole number: 'oops'"
                + System.lineSeparator());

        err.reset();
        Files.writeString(episode.resolve("metadata.json"), "{\"format\": \"episode/1\",\n \"status\": }");
        assertThat(Main.run("align", episode.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("drivetape: metadata.json line 2 column ").contains("not valid JSON")
                .hasLineCount(1);
    }
}
