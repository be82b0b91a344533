package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** align and report on an episode the recorder really made. */
class ReportE2ETest {

    @TempDir
    Path tmp;

    @Test
    void alignAndReportReadARecordedEpisode() throws Exception {
        Cli demo = Cli.run(tmp, "demo", Duration.ofSeconds(90), "demo", "--duration", "3", "--out",
                tmp.resolve("eps").toString());
        assertThat(demo.exitCode()).as(demo.stderr()).isZero();
        Path episode = Path.of(demo.stdout().trim());

        // The recorder wrote the training table at the end.
        Path aligned = episode.resolve("aligned.csv");
        List<String> recorded = Files.readAllLines(aligned);
        assertThat(recorded.get(0)).isEqualTo("index,t_ns,file,offset_ms,steering,throttle");
        JsonNode m = metadata(episode);
        assertThat(m.get("aligned").get("rows").asInt()).isEqualTo(recorded.size() - 1);
        assertThat(recorded.size() - 1).isGreaterThan(60);
        for (String[] row : rows(aligned)) {
            assertThat(row).hasSize(6);
            assertThat(Double.parseDouble(row[3])).isBetween(0.0, 100.0);
            assertThat(Double.parseDouble(row[4])).isBetween(900.0, 2100.0);
            assertThat(episode.resolve(row[2])).exists();
        }

        // align rebuilds the same table.
        Files.delete(aligned);
        Cli align = Cli.run(tmp, "align", Duration.ofSeconds(60), "align", episode.toString());
        assertThat(align.exitCode()).as(align.stderr()).isZero();
        assertThat(Files.readAllLines(aligned)).isEqualTo(recorded);

        // report --json agrees with metadata.json and draws report.png.
        Cli report = Cli.run(tmp, "report", Duration.ofSeconds(60), "report", episode.toString(), "--json");
        assertThat(report.exitCode()).as(report.stderr()).isZero();
        JsonNode r = new ObjectMapper().readTree(report.stdout());
        JsonNode sync = m.get("sync_quality");
        assertThat(r.toString()).contains("max_offset_ms");
        assertThat(findNumber(r, "max_offset_ms")).isCloseTo(sync.get("max_offset_ms").asDouble(), within(0.002));
        BufferedImage png = ImageIO.read(episode.resolve("report.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1600);
        assertThat(png.getHeight()).isEqualTo(1000);

        Cli text = Cli.run(tmp, "report-text", Duration.ofSeconds(60), "report", episode.toString());
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("sync").contains("controls").contains("frames").contains("clock");
    }

    private static double findNumber(JsonNode node, String key) {
        JsonNode found = node.findValue(key);
        assertThat(found).as(key + " in the report").isNotNull();
        return found.asDouble();
    }
}
