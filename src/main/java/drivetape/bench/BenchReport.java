package drivetape.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bench's output: one row per cell, drivetape/baseline ratios per camera path and size, what pushing the
 * files to the device costs (sync on/off pairs), and the goals of issue 5 with what was measured. Printed as a
 * table and written as JSON.
 */
public record BenchReport(MachineInfo machine, BenchRunner.Options options, List<CellResult> cells,
                          List<Ratio> ratios, List<SyncCost> syncCost, List<Goal> goals,
                          List<MaxRateSearch.Result> maxSustainableFps) {

    /** drivetape / baseline for one camera path, size and rate. Above 1 is better for fps, below for the rest. */
    public record Ratio(String camera, String resolution, double fps, double sustainedFps, double cpuPerFrame,
                        double frameLatencyP99, double controlHandOnP99, double baselineDrainP99Us) {
    }

    /** One of issue 5's goals and whether this run met it. */
    public record Goal(String goal, boolean met, String measured) {
    }

    static BenchReport of(MachineInfo machine, BenchRunner.Options options, List<CellResult> cells,
                          List<MaxRateSearch.Result> maxSustainableFps) {
        return new BenchReport(machine, options, cells, ratios(cells), SyncCost.of(cells), goals(cells),
                maxSustainableFps);
    }

    private static final int LABEL_WIDTH = 44;

    static String header() {
        return String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %5s %5s %4s %4s %4s %6s %6s %5s %5s %6s %5s %5s "
                        + "%6s %6s %7s %6s %6s %6s %6s %5s %5s  %s",
                "cell", "due", "capt", "lost", "drop", "qmax", "fps", "cpu%", "usr%", "sys%", "ms/fr", "rss",
                "heap", "ctl50", "ctl99", "ctlmax", "drn99", "frm50", "frm99", "lag99", "KB", "1st-s",
                "problem");
    }

    static String row(CellResult r) {
        CellResult.Window w = r.window();
        CellResult.Cpu cpu = r.cpu();
        CellResult.Latency ctl = r.control().handOnUs();
        CellResult.Latency drain = r.control().drainUs();
        CellResult.Latency frame = r.frame().toDiskMs();
        double launch = r.startup().launchToFirstFrameS();
        return String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %5d %5d %4d %4d %4d %6.1f %6.1f %5.1f %5.1f "
                        + "%6.2f %5.0f %5.0f %6.1f %6.1f %7.1f %6s %6.2f %6.2f %6.2f %5.0f %5s  %s",
                r.cell().label(), w.framesDue(), w.framesCaptured(), w.cameraLost(), r.frames().dropped(),
                r.frames().writeQueueMax(), w.sustainedFps(), cpu.pctOfCore(), cpu.userPct(), cpu.systemPct(),
                cpu.msPerFrame(), r.memory().peakRssMb(), r.memory().peakHeapMb(), ctl.p50(), ctl.p99(), ctl.max(),
                drain.count() > 0 ? String.format(Locale.ROOT, "%.0f", drain.p99()) : "-",
                frame.p50(), frame.p99(), r.frame().captureLagP99Ms(), r.frames().avgKb(),
                launch > 0 ? String.format(Locale.ROOT, "%.2f", launch) : "-",
                r.problem() == null ? "" : r.problem());
    }

    void printSummary(PrintStream out) {
        if (!ratios.isEmpty()) {
            out.println("drivetape / baseline (fps: >1 is better; cpu per frame and latencies: <1 is better)");
            out.println(String.format(Locale.ROOT, "%-11s %9s %4s %8s %9s %10s %10s %12s", "camera", "size", "fps",
                    "fps", "cpu/fr", "frame p99", "ctl p99", "base drain99"));
            for (Ratio r : ratios) {
                out.println(String.format(Locale.ROOT, "%-11s %9s %4.0f %8.2f %9.2f %10.2f %10.2f %10.0f us",
                        r.camera(), r.resolution(), r.fps(), r.sustainedFps(), r.cpuPerFrame(),
                        r.frameLatencyP99(), r.controlHandOnP99(), r.baselineDrainP99Us()));
            }
            out.println();
        }
        if (!syncCost.isEmpty()) {
            SyncCost.print(syncCost, out);
            out.println();
        }
        out.println("Goals (issue 5); figures are from a shared, noisy machine:");
        for (Goal g : goals) {
            out.println(String.format(Locale.ROOT, "  [%s] %s: %s", g.met() ? "met" : "NOT met", g.goal(),
                    g.measured()));
        }
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    private static List<Ratio> ratios(List<CellResult> cells) {
        List<Ratio> ratios = new ArrayList<>();
        for (CellResult d : cells) {
            if (d.cell().pipeline() != BenchCell.Pipeline.DRIVETAPE || !d.cell().syncToDevice()
                    || d.problem() != null) {
                continue;
            }
            find(cells, BenchCell.Pipeline.BASELINE, d.cell()).filter(b -> b.problem() == null).ifPresent(b ->
                    ratios.add(new Ratio(d.cell().camera().name().toLowerCase(Locale.ROOT), d.cell().resolution(),
                            d.cell().fps(), div(d.window().sustainedFps(), b.window().sustainedFps()),
                            div(d.cpu().msPerFrame(), b.cpu().msPerFrame()),
                            div(d.frame().toDiskMs().p99(), b.frame().toDiskMs().p99()),
                            div(d.control().handOnUs().p99(), b.control().handOnUs().p99()),
                            b.control().drainUs().p99())));
        }
        return ratios;
    }

    private static List<Goal> goals(List<CellResult> cells) {
        List<Goal> goals = new ArrayList<>();
        BenchCell.CameraPath pass = BenchCell.CameraPath.PASSTHROUGH;
        BenchCell.CameraPath encode = BenchCell.CameraPath.ENCODE;
        drivetape(cells, pass, 1920, 1080, 30).ifPresent(r -> goals.add(new Goal(
                "1920x1080@30 passthrough, 0 drops, < 15% of one core",
                r.lostTotal() == 0 && r.cpu().pctOfCore() < 15,
                String.format(Locale.ROOT, "%d lost, %.1f%% of a core", r.lostTotal(), r.cpu().pctOfCore()))));
        drivetape(cells, pass, 1280, 720, 60).ifPresent(r -> goals.add(new Goal("1280x720@60 passthrough, 0 drops",
                r.lostTotal() == 0, r.lostTotal() + " lost of " + r.window().framesDue())));
        drivetape(cells, encode, 1280, 720, 30).ifPresent(r -> goals.add(new Goal("1280x720@30 encode path, 0 drops",
                r.lostTotal() == 0, r.lostTotal() + " lost of " + r.window().framesDue())));
        recorded(cells).filter(r -> r.control().handOnUs().count() > 0)
                .mapToDouble(r -> r.control().handOnUs().p99()).max().ifPresent(worst -> goals.add(new Goal(
                        "control path p99 < 50 us (bytes read -> handed on, worst cell)", worst < 50,
                        String.format(Locale.ROOT, "%.1f us", worst))));
        for (BenchCell.CameraPath camera : BenchCell.CameraPath.values()) {
            drivetape(cells, camera, 1920, 1080, 30).ifPresent(r -> goals.add(new Goal(
                    "RSS <= 300 MB at 1080p30 (" + camera.name().toLowerCase(Locale.ROOT) + ")",
                    r.memory().peakRssMb() > 0 && r.memory().peakRssMb() <= 300,
                    String.format(Locale.ROOT, "%.0f MB peak", r.memory().peakRssMb()))));
        }
        recorded(cells).filter(r -> r.startup().launchToFirstFrameS() > 0)
                .mapToDouble(r -> r.startup().launchToFirstFrameS()).max().ifPresent(worst -> goals.add(new Goal(
                        "first frame on disk within 3 s of launch (worst cell)", worst <= 3,
                        String.format(Locale.ROOT, "%.2f s", worst))));
        return goals;
    }

    /** drivetape's cells as {@code drivetape record} runs (sync on). */
    private static Stream<CellResult> recorded(List<CellResult> cells) {
        return cells.stream().filter(r -> r.cell().pipeline() == BenchCell.Pipeline.DRIVETAPE
                && r.cell().syncToDevice());
    }

    private static Optional<CellResult> drivetape(List<CellResult> cells, BenchCell.CameraPath camera, int w, int h,
                                                  double fps) {
        return find(cells, BenchCell.Pipeline.DRIVETAPE, new BenchCell(BenchCell.Pipeline.DRIVETAPE, camera, w, h, fps, 0))
                .filter(r -> r.problem() == null);
    }

    /** The cell of {@code pipeline} with the same camera path, size and rate as {@code like}, synced to the device. */
    static Optional<CellResult> find(List<CellResult> cells, BenchCell.Pipeline pipeline, BenchCell like) {
        return cells.stream().filter(r -> r.cell().pipeline() == pipeline && r.cell().syncToDevice()
                && r.cell().shape().equals(like.shape())).findFirst();
    }

    static double div(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}
