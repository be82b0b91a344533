package drivetape.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import drivetape.dataset.Excluded.Range;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcludedTest {
    @TempDir
    Path dir;

    @Test
    void rangesAreSortedAndMergedWhereTheyOverlapOrTouch() {
        Excluded e = Excluded.NONE.plus(10, 20).plus(0, 3).plus(15, 30).plus(4, 5);
        assertThat(e.ranges()).containsExactly(new Range(0, 5), new Range(10, 30));
        assertThat(e.frameCount()).isEqualTo(27);
        assertThat(e.contains(5)).isTrue();
        assertThat(e.contains(6)).isFalse();
        assertThat(e.contains(30)).isTrue();
        assertThat(e.contains(31)).isFalse();
    }

    @Test
    void restoringAPartSplitsTheRange() {
        Excluded e = Excluded.NONE.plus(10, 30).minus(15, 19);
        assertThat(e.ranges()).containsExactly(new Range(10, 14), new Range(20, 30));
        assertThat(e.minus(0, 100).isEmpty()).isTrue();
    }

    @Test
    void writesAndReadsTheFormatOfTheEpisodeFormat() throws Exception {
        Excluded.NONE.plus(3, 7).plus(12, 12).write(dir);
        assertThat(Files.readString(dir.resolve("excluded.json"))).isEqualTo("{\"frames\":[[3,7],[12,12]]}");
        assertThat(Excluded.read(dir).ranges()).containsExactly(new Range(3, 7), new Range(12, 12));
        assertThat(Files.exists(dir.resolve("excluded.json.tmp"))).isFalse();
    }

    @Test
    void aMissingFileExcludesNothingAndOverlapsWrittenByOthersAreAccepted() throws Exception {
        assertThat(Excluded.read(dir).isEmpty()).isTrue();
        Files.writeString(dir.resolve("excluded.json"), "{\"frames\": [[5, 9], [0, 6]]}");
        assertThat(Excluded.read(dir).ranges()).containsExactly(new Range(0, 9));
    }

    @Test
    void badFilesAreOneLineErrors() throws Exception {
        for (String bad : List.of("{\"frames\": [[5, 2]]}", "{\"frames\": [[1]]}", "{\"x\": 1}", "[1, 2",
                "{\"frames\": [[-1, 2]]}", "{\"frames\": [[1.5, 2]]}")) {
            Files.writeString(dir.resolve("excluded.json"), bad);
            assertThatThrownBy(() -> Excluded.read(dir)).as(bad).isInstanceOf(EpisodeReadException.class)
                    .hasMessageStartingWith("excluded.json");
        }
    }
}
