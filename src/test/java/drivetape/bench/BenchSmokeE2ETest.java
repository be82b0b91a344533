package drivetape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./drivetape bench --smoke} still runs end to end and reports figures that make sense. */
class BenchSmokeE2ETest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path temp;

    @Test
    void smokeRunReportsOneDrivetapeCell() throws Exception {
        Path json = temp.resolve("bench.json");
        Path out = temp.resolve("bench.out");
        Path err = temp.resolve("bench.err");
        Process process = new ProcessBuilder(ROOT.resolve("drivetape").toString(), "bench", "--smoke",
                "--json", json.toString(), "--clips", temp.resolve("clips").toString())
                .directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bench --smoke did not finish; stderr:\n" + Files.readString(err));
        }
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        String table = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(table).contains("drivetape passthrough   640x360@30");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
        assertThat(report.path("cells")).hasSize(1);
        JsonNode cell = report.path("cells").get(0);
        assertThat(cell.path("problem").isNull()).as(cell.path("problem").asText()).isTrue();
        assertThat(cell.path("cell").path("pipeline").asText()).isEqualTo("DRIVETAPE");
        assertThat(cell.path("cell").path("camera").asText()).isEqualTo("PASSTHROUGH");
        assertThat(cell.path("cell").path("syncToDevice").asBoolean()).isTrue();
        JsonNode window = cell.path("window");
        long due = window.path("framesDue").asLong();
        long captured = window.path("framesCaptured").asLong();
        assertThat(due).isPositive();
        // The replay is paced like a camera: it cannot deliver frames before they are due (due leaves out the
        // frames a camera may still hold queued, and the one on its way).
        assertThat(captured).isBetween(1L, due + ClockedCamera.QUEUED_FRAMES + 1);
        assertThat(window.path("framesOnDisk").asLong()).isBetween(1L, captured);
        // The recording runs on past the window: every frame of the window, and more, has a file.
        assertThat(cell.path("frames").path("written").asLong()).isGreaterThanOrEqualTo(
                window.path("framesOnDisk").asLong());
        JsonNode control = cell.path("control").path("handOnUs");
        assertThat(control.path("count").asLong()).isPositive();
        assertThat(control.path("p99").asDouble()).isGreaterThanOrEqualTo(control.path("p50").asDouble());
        assertThat(control.path("max").asDouble()).isGreaterThanOrEqualTo(control.path("p99").asDouble());
        assertThat(cell.path("control").path("drainUs").path("count").asLong()).isZero();
        JsonNode frame = cell.path("frame").path("toDiskMs");
        assertThat(frame.path("count").asLong()).isPositive();
        assertThat(frame.path("p50").asDouble()).isPositive();
        assertThat(cell.path("memory").path("peakRssMb").asDouble()).isPositive();
        assertThat(cell.path("cpu").path("pctOfCore").asDouble()).isPositive();
        assertThat(cell.path("frames").path("avgKb").asDouble()).isPositive();
        assertThat(cell.path("startup").path("launchToFirstFrameS").asDouble()).isPositive();
    }
}
