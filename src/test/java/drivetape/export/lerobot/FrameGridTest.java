package drivetape.export.lerobot;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.align.AlignedTable;
import drivetape.dataset.Aligned;
import drivetape.dataset.TestEpisode;
import drivetape.export.lerobot.FrameGrid.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameGridTest {
    @TempDir
    Path dir;

    /** Aligned rows for frames at these times (ms), controls every 10 ms throughout. */
    private Aligned rows(double... frameMs) throws IOException {
        TestEpisode e = new TestEpisode(dir.resolve("e" + System.nanoTime()));
        for (double t = 0; t <= frameMs[frameMs.length - 1] + 20; t += 10) {
            e.control(t, 1500, 1500);
        }
        for (double t : frameMs) {
            e.frame(t);
        }
        Path episode = e.write();
        AlignedTable.write(episode);
        return Aligned.read(episode);
    }

    @Test
    void aSlowerCameraRepeatsTheNearestFrame() throws IOException {
        // 15 fps camera on a 30 fps grid: every frame shown twice.
        Aligned a = rows(0, 68, 135, 200);
        List<Run> runs = FrameGrid.runs(a, 30);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).rows()).containsExactly(0, 0, 1, 1, 2, 2, 3);
        assertThat(runs.get(0).startNs()).isEqualTo(a.tNs(0));
    }

    @Test
    void aFasterCameraIsThinnedAndJitterTakesTheNearest() throws IOException {
        // 60 fps camera with jitter on a 30 fps grid (grid at 0, 33.3, 66.7, 100 ms).
        Aligned a = rows(0, 17, 31, 50, 68, 84, 101);
        assertThat(FrameGrid.runs(a, 30).get(0).rows()).containsExactly(0, 2, 4, 6);
    }

    @Test
    void aGapLongerThanThreeFramesAndAQuarterSecondSplitsTheRun() throws IOException {
        Aligned a = rows(0, 33, 67, 100, 400, 433, 467);
        List<Run> runs = FrameGrid.runs(a, 30);
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).rows()).containsExactly(0, 1, 2, 3);
        assertThat(runs.get(1).rows()).containsExactly(4, 5, 6);
        assertThat(runs.get(1).startNs()).isEqualTo(a.tNs(4));
    }

    @Test
    void aShortGapIsBridgedByTheNearestFrame() throws IOException {
        // A dropped frame (57 ms between two): the grid shows a neighbour twice rather than cutting the episode.
        Aligned a = rows(0, 33, 90, 134);
        assertThat(FrameGrid.runs(a, 30)).singleElement().satisfies(r -> assertThat(r.rows())
                .containsExactly(0, 1, 2, 2, 3));
    }
}
