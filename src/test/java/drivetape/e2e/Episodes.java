package drivetape.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Reads an episode back the way an outside tool would, and checks it against episode-format.md. */
final class Episodes {
    static final String CONTROLS_HEADER_PREFIX = "seq,device_us,receive_ns,t_ns,";
    static final String EVENTS_HEADER = "seq,device_us,receive_ns,t_ns,name,value";
    static final String FRAMES_HEADER = "index,t_ns,receive_ns,bytes,file";

    private Episodes() {
    }

    static JsonNode metadata(Path episode) throws IOException {
        return new ObjectMapper().readTree(episode.resolve("metadata.json").toFile());
    }

    /** Data rows, split on commas (the numeric files never need quoting). */
    static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    static String header(Path csv) throws IOException {
        return Files.readAllLines(csv).get(0);
    }

    /** Asserts a frame file is one whole JPEG of the given size. */
    static void assertWholeJpeg(Path file, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).as(file.toString()).isGreaterThan(4);
        assertThat(bytes[0] & 0xFF).as("SOI of " + file).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).as("SOI of " + file).isEqualTo(0xD8);
        assertThat(bytes[bytes.length - 2] & 0xFF).as("EOI of " + file).isEqualTo(0xFF);
        assertThat(bytes[bytes.length - 1] & 0xFF).as("EOI of " + file).isEqualTo(0xD9);
        if (width > 0) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("decodable " + file).isNotNull();
            assertThat(image.getWidth()).isEqualTo(width);
            assertThat(image.getHeight()).isEqualTo(height);
        }
    }

    /** Every frames.csv row: a whole JPEG of the right byte count where written, bytes 0 and no file where not. */
    static void assertFramesConsistent(Path episode, int width, int height) throws IOException {
        List<String[]> frames = rows(episode.resolve("frames.csv"));
        for (int i = 0; i < frames.size(); i++) {
            String[] row = frames.get(i);
            assertThat(row).hasSize(5);
            assertThat(Long.parseLong(row[0])).isEqualTo(i);
            if (Long.parseLong(row[3]) > 0) {
                assertThat(row[4]).isEqualTo(String.format("frames/%06d.jpg", i));
                Path file = episode.resolve(row[4]);
                assertThat(Files.size(file)).isEqualTo(Long.parseLong(row[3]));
                assertWholeJpeg(file, width, height);
            } else {
                assertThat(row[4]).isEmpty();
            }
        }
    }
}
