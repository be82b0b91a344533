package drivetape.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.align.AlignedTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignedReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatAlignWroteAndHonoursExcludedFrames() throws Exception {
        new TestEpisode(dir).control(0, 1000, 1500).control(20, 2000, 1600)
                .frame(5).frame(10).frame(15).write();
        Excluded.NONE.plus(1, 1).write(dir);
        assertThat(AlignedTable.write(dir).excluded()).isEqualTo(1);

        Aligned aligned = Aligned.read(dir);
        assertThat(aligned.channels()).containsExactly("steering", "throttle");
        assertThat(aligned.size()).isEqualTo(2);
        assertThat(aligned.index(0)).isZero();
        assertThat(aligned.index(1)).isEqualTo(2);
        assertThat(aligned.file(1)).isEqualTo("frames/000002.jpg");
        assertThat(aligned.tNs(1)).isEqualTo(TestEpisode.ns(15));
        assertThat(aligned.value(0, 0)).isEqualTo(1250.0);
        assertThat(aligned.value(aligned.channel("throttle"), 1)).isEqualTo(1575.0);
        assertThat(aligned.offsetMs(0)).isEqualTo(5.0);
    }
}
