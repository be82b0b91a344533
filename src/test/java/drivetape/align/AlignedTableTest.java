package drivetape.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import drivetape.dataset.Controls;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Frames;
import drivetape.dataset.TestEpisode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlignedTableTest {

    @TempDir
    Path dir;

    private List<String> aligned() throws IOException {
        return Files.readAllLines(dir.resolve("aligned.csv"));
    }

    /** The data rows as "index,offset_ms,values..." (t_ns and file checked separately). */
    private List<String> rowsWithoutTimeAndFile() throws IOException {
        return aligned().stream().skip(1).map(line -> {
            String[] f = line.split(",");
            StringBuilder s = new StringBuilder(f[0]).append(',').append(f[3]);
            for (int i = 4; i < f.length; i++) {
                s.append(',').append(f[i]);
            }
            return s.toString();
        }).toList();
    }

    @Test
    void interpolatesLinearlyBetweenTheSamplesAround() throws IOException {
        new TestEpisode(dir)
                .control(0, 1000, 1500).control(20, 2000, 1600).control(40, 1000, 1601)
                .frame(5).frame(10).frame(20).frame(30.5)
                .write();

        AlignCounts counts = AlignedTable.write(dir);

        assertThat(counts).isEqualTo(new AlignCounts(4, 0, 0, 0, 0));
        assertThat(aligned().get(0)).isEqualTo("index,t_ns,file,offset_ms,steering,throttle");
        assertThat(aligned().get(1))
                .isEqualTo("0," + TestEpisode.ns(5) + ",frames/000000.jpg,5.000,1250.000,1525.000");
        assertThat(rowsWithoutTimeAndFile()).containsExactly(
                "0,5.000,1250.000,1525.000",
                "1,10.000,1500.000,1550.000",
                "2,0.000,2000.000,1600.000",     // exactly on a sample: its values
                "3,9.500,1475.000,1600.525");   // 10.5 of 20 ms from 2000 toward 1000
    }

    @Test
    void holdsTheNearestSampleBeforeTheFirstAndAfterTheLast() throws IOException {
        new TestEpisode(dir)
                .control(0, 1100, 1200).control(20, 1300, 1400)
                .frame(-30).frame(70.25)
                .write();

        AlignedTable.write(dir);

        assertThat(rowsWithoutTimeAndFile())
                .containsExactly("0,30.000,1100.000,1200.000", "1,50.250,1300.000,1400.000");
    }

    @Test
    void leavesOutFramesWithNoSampleWithinOneHundredMillisecondsOnEitherSide() throws IOException {
        new TestEpisode(dir)
                .control(0, 1000, 1000).control(400, 2000, 2000)
                .frame(-100)        // 0: exactly 100 ms before the first: kept (held)
                .frame(-100.001)    // 1: just over: left out
                .frame(100)         // 2: 100 ms after a sample, 300 before the next: kept, interpolated
                .frame(150)         // 3: 150 and 250 ms away: left out
                .frame(301)         // 4: 99 ms before the next: kept
                .frame(500)         // 5: 100 ms after the last: kept (held)
                .frame(500.5)       // 6: left out
                .write();

        AlignCounts counts = AlignedTable.write(dir);

        assertThat(counts).isEqualTo(new AlignCounts(4, 0, 0, 3, 0));
        assertThat(rowsWithoutTimeAndFile()).containsExactly(
                "0,100.000,1000.000,1000.000",
                "2,100.000,1250.000,1250.000",
                "4,99.000,1752.500,1752.500",
                "5,100.000,2000.000,2000.000");
    }

    @Test
    void leavesOutFramesWhoseValuesWouldComeFromASampleWithAChannelAtZero() throws IOException {
        new TestEpisode(dir)
                .control(0, 1500, 1500).control(20, 0, 1500).control(40, 1500, 1500).control(60, 1500, 0)
                .frame(10)   // between 0 and 20 (steering 0): left out
                .frame(20)   // exactly on the 0 sample: left out
                .frame(30)   // between 20 and 40: left out
                .frame(40)   // exactly on a good sample: kept
                .frame(45)   // between 40 and 60 (throttle 0): left out
                .frame(80)   // held at the last sample, which has a 0: left out
                .write();

        AlignCounts counts = AlignedTable.write(dir);

        assertThat(counts).isEqualTo(new AlignCounts(1, 0, 0, 0, 5));
        assertThat(rowsWithoutTimeAndFile()).containsExactly("3,0.000,1500.000,1500.000");
    }

    @Test
    void writesOnlyWrittenFramesInIndexOrder() throws IOException {
        new TestEpisode(dir)
                .control(0, 1000, 1000).control(100, 2000, 2000)
                .frame(10).droppedFrame(20).droppedFrame(30).frame(40)
                .write();

        AlignCounts counts = AlignedTable.write(dir);

        assertThat(counts).isEqualTo(new AlignCounts(2, 0, 2, 0, 0));
        assertThat(counts.line()).isEqualTo("aligned.csv: 2 rows; left out 2 of 4 frames: 0 excluded, 2 not written, "
                + "0 without a control sample within 100 ms, 0 without signal");
        assertThat(aligned()).hasSize(3);
        assertThat(aligned().get(1)).startsWith("0,").contains(",frames/000000.jpg,");
        assertThat(aligned().get(2)).startsWith("3,").contains(",frames/000003.jpg,");
    }

    @Test
    void sortsControlSamplesByTimeFirst() throws IOException {
        // A board reset: the samples after it were mapped to times between earlier ones.
        new TestEpisode(dir)
                .control(0, 1000, 1000).control(40, 1400, 1400).control(20, 1200, 1800).control(60, 1600, 1600)
                .frame(30).frame(50)
                .write();

        AlignedTable.write(dir);

        assertThat(rowsWithoutTimeAndFile()).containsExactly("0,10.000,1300.000,1600.000",
                "1,10.000,1500.000,1500.000");
    }

    @Test
    void namesTheColumnsAfterTheHeaderChannels() throws IOException {
        new TestEpisode(dir).channels("steering", "throttle", "aux")
                .control(0, 1000, 1500, 1900).control(10, 1100, 1500, 1100)
                .frame(2.5)
                .write();

        AlignedTable.write(dir);

        assertThat(aligned().get(0)).isEqualTo("index,t_ns,file,offset_ms,steering,throttle,aux");
        assertThat(rowsWithoutTimeAndFile()).containsExactly("0,2.500,1025.000,1500.000,1700.000");
    }

    @Test
    void replacesTheTableWholeWithoutLeavingATemporaryFile() throws IOException {
        new TestEpisode(dir).control(0, 1000, 1000).frame(0).write();
        Files.writeString(dir.resolve("aligned.csv"), "stale\n");

        AlignedTable.write(dir);

        assertThat(aligned()).hasSize(2);
        assertThat(dir.resolve("aligned.csv.tmp")).doesNotExist();
    }

    @Test
    void anEpisodeWithoutControlsHasAnEmptyTable() throws IOException {
        new TestEpisode(dir).frame(0).frame(33).write();

        assertThat(AlignedTable.write(dir)).isEqualTo(new AlignCounts(0, 0, 0, 2, 0));
        assertThat(aligned()).containsExactly("index,t_ns,file,offset_ms,steering,throttle");
    }

    @Test
    void skipsALastLineCutShortByACrash() throws IOException {
        new TestEpisode(dir).control(0, 1000, 1000).control(20, 2000, 2000).frame(10).write();
        Files.writeString(dir.resolve("controls.csv"), "2,40000,17000", java.nio.file.StandardOpenOption.APPEND);

        assertThat(AlignedTable.write(dir).rows()).isEqualTo(1);
        assertThat(Controls.read(dir).truncatedLastLine()).isTrue();
        assertThat(Controls.read(dir).size()).isEqualTo(2);
    }

    @Test
    void aBadLineIsAnErrorNamingTheFileAndLine() throws IOException {
        new TestEpisode(dir).control(0, 1000, 1000).control(20, 2000, 2000).frame(10).write();
        List<String> lines = Files.readAllLines(dir.resolve("controls.csv"));
        Files.write(dir.resolve("controls.csv"), List.of(lines.get(0), lines.get(1), "1,20000,x,5,1,1", "2,3"));

        assertThatThrownBy(() -> AlignedTable.write(dir)).isInstanceOf(EpisodeReadException.class)
                .hasMessage("controls.csv line 3: receive_ns is not a whole number: 'x'");

        Files.write(dir.resolve("controls.csv"), List.of(lines.get(0), lines.get(1), "2,3"));
        assertThatThrownBy(() -> AlignedTable.write(dir)).isInstanceOf(EpisodeReadException.class)
                .hasMessage("controls.csv line 3: expected 6 fields, found 2");

        Files.write(dir.resolve("frames.csv"), List.of("index,t_ns,bytes"));
        assertThatThrownBy(() -> Frames.read(dir)).isInstanceOf(EpisodeReadException.class)
                .hasMessage("frames.csv line 1: header is 'index,t_ns,bytes', expected "
                        + "'index,t_ns,receive_ns,bytes,file'");

        Files.delete(dir.resolve("controls.csv"));
        assertThatThrownBy(() -> AlignedTable.write(dir)).isInstanceOf(EpisodeReadException.class)
                .hasMessage(dir + " is not an episode: it has no controls.csv");
    }

    @Test
    void readsFullSizeEpochNanosecondsAndRejectsOverflow() throws IOException {
        new TestEpisode(dir).control(0, 1000, 1000).frame(0).write();
        assertThat(Controls.read(dir).tNs(0)).isEqualTo(TestEpisode.BASE_NS);

        Files.write(dir.resolve("frames.csv"), List.of("index,t_ns,receive_ns,bytes,file",
                "0,9223372036854775808,1,5,frames/000000.jpg"));
        assertThatThrownBy(() -> Frames.read(dir))
                .hasMessageContaining("frames.csv line 2: t_ns is not a whole number");
    }

    @Test
    void leavesOutTheFramesAPersonExcludedAndCountsThem() throws IOException {
        new TestEpisode(dir)
                .control(0, 1000, 1000).control(100, 2000, 2000)
                .frame(10).frame(20).frame(30).droppedFrame(40).frame(50)
                .write();
        java.nio.file.Files.writeString(dir.resolve("excluded.json"), "{\"frames\": [[1, 3]]}");

        AlignCounts counts = AlignedTable.write(dir);

        // Frame 3 is both excluded and not written: counted once, as excluded.
        assertThat(counts).isEqualTo(new AlignCounts(2, 3, 0, 0, 0));
        assertThat(rowsWithoutTimeAndFile()).extracting(r -> r.split(",")[0]).containsExactly("0", "4");
    }
}
