package drivetape.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file streams through a small buffer: rows across its edges, long rows and a cut last row read right. */
class CsvLinesTest {
    @TempDir
    Path dir;

    @Test
    void rowsAcrossTheBufferEdgesLongRowsAndACutLastRow() throws Exception {
        StringBuilder text = new StringBuilder("index,t_ns,receive_ns,bytes,file\r\n");
        int rows = 20_000; // ~1 MB: many 64 KiB buffer refills, rows split across them
        for (int i = 0; i < rows; i++) {
            text.append(i).append(',').append(1_700_000_000_000_000_000L + i).append(',')
                    .append(1_700_000_000_000_000_000L + i + 7).append(",1234,")
                    .append(i == 777 ? "frames/" + "x".repeat(100_000) + ".jpg" : String.format("frames/%06d.jpg", i))
                    .append(i % 3 == 0 ? "\r\n" : "\n");
        }
        text.append("20000,1700000000000020000,17"); // cut by a crash
        Files.writeString(dir.resolve("frames.csv"), text, StandardCharsets.US_ASCII);

        Frames frames = Frames.read(dir);
        assertThat(frames.size()).isEqualTo(rows);
        assertThat(frames.truncatedLastLine()).isTrue();
        for (int i = 0; i < rows; i += 997) {
            assertThat(frames.index(i)).isEqualTo(i);
            assertThat(frames.receiveNs(i)).isEqualTo(1_700_000_000_000_000_007L + i);
        }
        assertThat(frames.file(777)).hasSize("frames/".length() + 100_000 + ".jpg".length());
        assertThat(frames.file(rows - 1)).isEqualTo("frames/019999.jpg");
        assertThat(CsvLines.countDataLines(dir.resolve("frames.csv"))).isEqualTo(rows + 1);
    }
}
