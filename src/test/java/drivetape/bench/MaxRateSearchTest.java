package drivetape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

    /** A cell of {@code seconds} whose camera lost {@code lost} of the frames due (the rest written, none dropped). */
    static CellResult cell(BenchCell cell, double seconds, long due, long lost) {
        long onDisk = due - lost;
        return new CellResult(cell, new CellResult.Window(seconds, due, due - lost, onDisk),
                new CellResult.Frames(onDisk, 0, 1, 50), new CellResult.Cpu(10, 8, 2, 3),
                new CellResult.Memory(150, 40, 10), CellResult.ControlPath.NONE,
                new CellResult.FramePath(new CellResult.Latency(onDisk, 2, 5, 9), 1),
                new CellResult.Startup(0, 1.0), null);
    }

    /** A cell that keeps every frame up to {@code limitFps} and loses a third of them above it. */
    private static CellResult outcome(BenchCell cell, double limitFps) {
        long due = Math.round(cell.fps() * cell.seconds());
        return cell(cell, cell.seconds(), due, cell.fps() <= limitFps ? 0 : due / 3);
    }

    @Test
    void findsTheHighestRungThatKeptEveryFrame() throws Exception {
        List<BenchCell> first = List.of(
                new BenchCell(BenchCell.Pipeline.DRIVETAPE, BenchCell.CameraPath.ENCODE, 1280, 720, 30, 4),
                new BenchCell(BenchCell.Pipeline.BASELINE, BenchCell.CameraPath.ENCODE, 1280, 720, 30, 4),
                new BenchCell(BenchCell.Pipeline.DRIVETAPE, BenchCell.CameraPath.PASSTHROUGH, 1280, 720, 30, 4));
        List<Double> ran = new ArrayList<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<MaxRateSearch.Result> results = MaxRateSearch.run(first, cell -> {
            ran.add(cell.fps());
            double limit = cell.pipeline() == BenchCell.Pipeline.BASELINE ? 60 : 180;
            return outcome(cell, limit);
        }, new PrintStream(text));

        assertThat(results).extracting(MaxRateSearch.Result::maxFps).containsExactly(180.0, 60.0, 120.0);
        assertThat(results.get(0).firstFailure()).startsWith("240 fps: 320 of 960 frames lost");
        assertThat(results.get(2).firstFailure()).isEqualTo("ladder top for passthrough");
        // drivetape encode: 30..240; baseline: 30, 60, 90 (fails); passthrough: 30..120.
        assertThat(ran).containsExactly(30.0, 60.0, 90.0, 120.0, 180.0, 240.0, 30.0, 60.0, 90.0, 30.0, 60.0,
                90.0, 120.0);

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        MaxRateSearch.print(results, new PrintStream(table));
        assertThat(table.toString()).contains("encode       1280x720        180        60   3.00");
    }

    @Test
    void aFewFramesOfSlackButNotMore() {
        BenchCell cell = new BenchCell(BenchCell.Pipeline.DRIVETAPE, BenchCell.CameraPath.ENCODE, 640, 360, 60, 10);
        assertThat(MaxRateSearch.shortfall(cell(cell, 10, 600, 1))).isNull();
        assertThat(MaxRateSearch.shortfall(cell(cell, 10, 600, 5))).isEqualTo("5 of 600 frames lost or dropped");
    }
}
