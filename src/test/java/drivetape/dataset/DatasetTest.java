package drivetape.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path root;

    private void episode(String id, String startedAt) throws Exception {
        new TestEpisode(root.resolve(id)).metadata("\"started_at\": \"" + startedAt + "\"")
                .control(0, 1500, 1500).frame(1).write();
    }

    @Test
    void listsEpisodesOldestFirstAndSkipsWhatIsNotOne() throws Exception {
        episode("b", "2026-11-24T10:00:00.000Z");
        episode("a", "2026-11-24T11:00:00.000Z");
        Files.createDirectories(root.resolve("not-an-episode"));
        Files.writeString(root.resolve("loose.txt"), "x");
        Dataset data = Dataset.at(root);
        assertThat(data.episodes()).extracting(Dataset.Entry::id).containsExactly("b", "a");
    }

    @Test
    void idsAreResolvedOnlyToEpisodesDirectlyUnderTheRoot() throws Exception {
        episode("ok", "2026-11-24T10:00:00.000Z");
        Path outside = Files.createTempDirectory("outside");
        new TestEpisode(outside.resolve("secret")).control(0, 1500, 1500).write();
        Files.createSymbolicLink(root.resolve("link"), outside.resolve("secret"));
        Dataset data = Dataset.at(root);
        assertThat(data.resolve("ok")).isEqualTo(root.toRealPath().resolve("ok"));
        for (String bad : List.of("..", "../secret", "/etc", "%2e%2e", "link", "a/b", "", ".trash", "nope")) {
            assertThatThrownBy(() -> data.resolve(bad)).as(bad).isInstanceOf(EpisodeReadException.class);
        }
    }

    @Test
    void trashIsAFolderUnderTheRootAndRestorable() throws Exception {
        episode("e1", "2026-11-24T10:00:00.000Z");
        Dataset data = Dataset.at(root);
        data.moveToTrash("e1");
        assertThat(data.episodes()).isEmpty();
        assertThat(data.trash()).extracting(Dataset.Entry::id).containsExactly("e1");
        assertThat(root.resolve(".trash/e1/metadata.json")).exists();
        data.restoreFromTrash("e1");
        assertThat(data.episodes()).extracting(Dataset.Entry::id).containsExactly("e1");
        assertThat(data.trash()).isEmpty();
    }
}
