package drivetape.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final BenchCell FULL_HD = new BenchCell(BenchCell.Pipeline.DRIVETAPE,
            BenchCell.CameraPath.PASSTHROUGH, 1920, 1080, 30, 8);

    /** A clean cell with these CPU figures and frame-to-disk percentiles. */
    private static CellResult cell(BenchCell cell, double cpuPct, double systemPct, long dropped, double frameP50,
                                   double frameP99) {
        return new CellResult(cell, new CellResult.Window(8, 240, 240, 240),
                new CellResult.Frames(300 - dropped, dropped, 1, 300), new CellResult.Cpu(cpuPct, cpuPct - systemPct,
                systemPct, 5), new CellResult.Memory(160, 40, 10),
                new CellResult.ControlPath(new CellResult.Latency(400, 8, 30, 100), CellResult.Latency.NONE),
                new CellResult.FramePath(new CellResult.Latency(300, frameP50, frameP99, 40), 1),
                new CellResult.Startup(1, 1.2), null);
    }

    private static BenchReport report(List<CellResult> cells) {
        return BenchReport.of(new MachineInfo(2, "test", "jdk", "os", ""),
                new BenchRunner.Options(false, 8, true, null, Path.of("clips"), 50, false), cells, List.of());
    }

    @Test
    void syncCostIsEachSyncOffCellAgainstTheSameCellSynced() {
        BenchCell baseline = new BenchCell(BenchCell.Pipeline.BASELINE, BenchCell.CameraPath.PASSTHROUGH, 1920,
                1080, 30, 8);
        BenchCell encode = new BenchCell(BenchCell.Pipeline.DRIVETAPE, BenchCell.CameraPath.ENCODE, 1920, 1080, 30,
                8);
        BenchReport report = report(List.of(
                cell(FULL_HD, 20, 6, 1, 2.0, 8.0),
                cell(FULL_HD.withoutSync(), 16, 3, 0, 1.6, 4.0),
                cell(baseline, 50, 5, 0, 10, 80),
                // No sync-off twin: no cost for it.
                cell(encode, 30, 3, 0, 5, 9)));

        assertThat(report.syncCost()).hasSize(1);
        SyncCost cost = report.syncCost().get(0);
        assertThat(cost.cell()).isEqualTo("passthrough 1920x1080@30");
        assertThat(cost.on().lostOrDropped()).isEqualTo(1);
        assertThat(cost.off().lostOrDropped()).isZero();
        assertThat(cost.on().writeQueueMax()).isEqualTo(1);
        assertThat(cost.onOverOff().cpu()).isCloseTo(1.25, within(1e-9));
        assertThat(cost.onOverOff().system()).isCloseTo(2.0, within(1e-9));
        assertThat(cost.onOverOff().frameP50()).isCloseTo(1.25, within(1e-9));
        assertThat(cost.onOverOff().frameP99()).isCloseTo(2.0, within(1e-9));
        // Against the baseline, only the cell as `drivetape record` runs it (synced) counts.
        assertThat(report.ratios()).singleElement().satisfies(r -> {
            assertThat(r.camera()).isEqualTo("passthrough");
            assertThat(r.frameLatencyP99()).isCloseTo(0.1, within(1e-9));
        });

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        report.printSummary(new PrintStream(text));
        // cpu% on, off, ratio; sys% on, off, ratio; lost+drop on, off; qmax on, off
        assertThat(text.toString())
                .contains("passthrough 1920x1080@30     20.0   16.0   1.25    6.0   3.0   2.00     1    0     1    1");
    }

    @Test
    void theMatrixRunsEachFullHdDrivetapeCellAgainRightAfterItWithTheSyncOff() {
        List<BenchCell> cells = new BenchRunner(new BenchRunner.Options(false, 5, true, null, Path.of("clips"), 50,
                false), new PrintStream(new ByteArrayOutputStream())).matrix();

        List<BenchCell> syncOff = cells.stream().filter(c -> !c.syncToDevice()).toList();
        assertThat(syncOff).hasSize(4).allSatisfy(c -> {
            assertThat(c.pipeline()).isEqualTo(BenchCell.Pipeline.DRIVETAPE);
            assertThat(c.resolution()).isEqualTo("1920x1080");
            assertThat(cells.get(cells.indexOf(c) - 1)).isEqualTo(new BenchCell(c.pipeline(), c.camera(), c.width(),
                    c.height(), c.fps(), c.seconds()));
            assertThat(c.label()).endsWith("@" + c.fpsText() + "  sync-off");
        });
        // 2 paths x 4 sizes x 2 rates, drivetape and baseline; the test pattern alone on the encode path.
        assertThat(cells).hasSize(16 + 16 + 8 + 4);
    }

    @Test
    void aCellCrossesToTheChildAndItsResultBackUnchanged() throws Exception {
        BenchCell off = FULL_HD.withoutSync();
        assertThat(CellSpec.parse(CellSpec.format(off))).isEqualTo(off);
        assertThat(CellSpec.parse(CellSpec.format(FULL_HD))).isEqualTo(FULL_HD);

        CellResult result = cell(off, 20, 6, 3, 2.0, 8.0);
        String json = ChildCell.JSON.writeValueAsString(result);
        assertThat(json).contains("\"sustainedFps\":30.0").contains("\"lostTotal\":3");
        assertThat(ChildCell.JSON.readValue(json, CellResult.class)).isEqualTo(result);
    }
}
