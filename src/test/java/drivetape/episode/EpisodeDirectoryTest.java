package drivetape.episode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeDirectoryTest {

    @Test
    void namesEpisodesByUtcStartAndAddsASuffixWhenTaken(@TempDir Path root) throws Exception {
        String id = drivetape.format.EpisodeId.at(Instant.parse("2026-11-24T15:30:12.345Z"));
        assertThat(id).isEqualTo("20261124-153012");
        Path first = EpisodeDirectory.create(root, id);
        Path second = EpisodeDirectory.create(root, id);
        assertThat(first.getFileName()).hasToString("20261124-153012");
        assertThat(second.getFileName()).hasToString("20261124-153012-2");
        assertThat(second.resolve("frames")).isDirectory();
    }

    @Test
    void rejectsIdsThatCouldEscapeTheDataRoot() {
        assertThat(drivetape.format.EpisodeId.problem("run_01.a-b")).isNull();
        for (String bad : new String[] {"../x", "a/b", "..", ".", "", "sp ace", "é", "a\\b"}) {
            assertThat(drivetape.format.EpisodeId.problem(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void csvFileFormatsNumbersAndQuotesText(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("t.csv");
        try (CsvFile csv = new CsvFile(path, "a,b,c,d")) {
            csv.add(-42).add(Long.MAX_VALUE).add("x,y").add("plain").endRow();
            byte[] text = "say \"hi\"".getBytes();
            csv.add(0).add(text, 0, text.length).addEmpty().addDecimal(1.23456).endRow();
        }
        assertThat(Files.readString(path)).isEqualTo(
                "a,b,c,d\n-42,9223372036854775807,\"x,y\",plain\n0,\"say \"\"hi\"\"\",,1.235\n");
    }
}
