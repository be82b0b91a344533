package drivetape.bench;

import drivetape.camera.FrameSources;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code drivetape bench}: the end-to-end matrix. Every cell runs in its own JVM (see {@link ChildCell});
 * rows are printed as they finish, then the drivetape/baseline ratios and the goals.
 */
public final class BenchRunner {
    static final int[][] RESOLUTIONS = {{640, 360}, {640, 480}, {1280, 720}, {1920, 1080}};
    static final double[] RATES = {30, 60};
    /** Sizes whose drivetape cells also run with the device sync off, to price it (the most bytes a second). */
    static final int[][] SYNC_PRICED = {{1920, 1080}};

    /**
     * @param smoke one tiny cell, a few seconds in all (CI)
     * @param seconds recording window per cell
     * @param baseline also run the design note's architecture on every cell
     * @param filter only cells whose label contains this text (e.g. "1280x720"), or null for all
     * @param clipCache where the MJPEG clips are kept between runs
     * @param controlHz the simulated controller's sample rate
     * @param maxFps instead of the matrix, search each size's highest sustainable rate
     */
    public record Options(boolean smoke, double seconds, boolean baseline, String filter, Path clipCache,
                          double controlHz, boolean maxFps) {
    }

    private final Options options;
    private final PrintStream out;

    public BenchRunner(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the matrix and returns the report (also printed as it goes). */
    public BenchReport run() throws IOException {
        List<BenchCell> cells = matrix();
        Path work = Files.createTempDirectory("drivetape-bench-");
        List<CellResult> results = new ArrayList<>();
        List<MaxRateSearch.Result> maxRates = List.of();
        try {
            out.println(BenchReport.header());
            if (options.maxFps()) {
                maxRates = MaxRateSearch.run(cells, cell -> {
                    CellResult result = runCell(cell, work);
                    results.add(result);
                    return result;
                }, out);
            } else {
                for (BenchCell cell : cells) {
                    CellResult result = runCell(cell, work);
                    results.add(result);
                    out.println(BenchReport.row(result));
                    out.flush();
                }
            }
        } finally {
            BenchFiles.deleteTree(work);
        }
        BenchReport report = BenchReport.of(MachineInfo.here(), options, results, maxRates);
        out.println();
        if (options.maxFps()) {
            MaxRateSearch.print(maxRates, out);
        } else {
            report.printSummary(out);
        }
        return report;
    }

    private CellResult runCell(BenchCell cell, Path work) throws IOException {
        String source = cell.camera() == BenchCell.CameraPath.ENCODE ? FrameSources.TEST
                : ClipMaker.clip(options.clipCache(), cell.width(), cell.height(), cell.fps(), cell.seconds() + 5)
                        .toString();
        return ChildCell.run(cell, source, options.controlHz(), work);
    }

    List<BenchCell> matrix() {
        List<BenchCell> cells = new ArrayList<>();
        if (options.maxFps()) {
            // The first rung of each search: drivetape and the baseline, both camera paths, every size.
            for (BenchCell.CameraPath camera : BenchCell.CameraPath.values()) {
                for (int[] size : RESOLUTIONS) {
                    add(cells, new BenchCell(BenchCell.Pipeline.DRIVETAPE, camera, size[0], size[1],
                            MaxRateSearch.LADDER[0], options.seconds()));
                    if (options.baseline()) {
                        add(cells, new BenchCell(BenchCell.Pipeline.BASELINE, camera, size[0], size[1],
                                MaxRateSearch.LADDER[0], options.seconds()));
                    }
                }
            }
            return cells;
        }
        if (options.smoke()) {
            cells.add(new BenchCell(BenchCell.Pipeline.DRIVETAPE, BenchCell.CameraPath.PASSTHROUGH, 640, 360, 30,
                    options.seconds()));
            return cells;
        }
        for (BenchCell.CameraPath camera : BenchCell.CameraPath.values()) {
            for (int[] size : RESOLUTIONS) {
                for (double fps : RATES) {
                    BenchCell drivetape = new BenchCell(BenchCell.Pipeline.DRIVETAPE, camera, size[0], size[1], fps,
                            options.seconds());
                    add(cells, drivetape);
                    if (syncPriced(size)) {
                        // Right after its twin, so both see the machine as alike as it gets.
                        add(cells, drivetape.withoutSync());
                    }
                    if (options.baseline()) {
                        add(cells, new BenchCell(BenchCell.Pipeline.BASELINE, camera, size[0], size[1], fps,
                                options.seconds()));
                    }
                    if (camera == BenchCell.CameraPath.ENCODE) {
                        // What the synthetic pattern costs by itself, to tell it apart from the recorder.
                        add(cells, new BenchCell(BenchCell.Pipeline.SOURCE, camera, size[0], size[1], fps,
                                options.seconds()));
                    }
                }
            }
        }
        return cells;
    }

    private static boolean syncPriced(int[] size) {
        for (int[] priced : SYNC_PRICED) {
            if (priced[0] == size[0] && priced[1] == size[1]) {
                return true;
            }
        }
        return false;
    }

    private void add(List<BenchCell> cells, BenchCell cell) {
        if (options.filter() == null || cell.label().contains(options.filter())) {
            cells.add(cell);
        }
    }
}
