package drivetape.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "max sustainable fps" mode: for each camera path, resolution and pipeline, raise the frame rate up
 * a ladder until a cell loses or drops frames, and report the highest rate that kept every frame.
 */
final class MaxRateSearch {
    static final double[] LADDER = {30, 60, 90, 120, 180, 240};
    /** Passthrough needs a pre-encoded clip per rate; above this they are hundreds of MB each. */
    static final double PASSTHROUGH_MAX_FPS = 120;
    /** A rate is sustained when at most this share of due frames went missing (and none ended with a problem). */
    static final double MAX_LOSS = 0.005;

    /** How one cell is run (the bench runner's child JVM). */
    interface CellRunner {
        CellResult run(BenchCell cell) throws IOException;
    }

    /**
     * @param maxFps the highest rate that kept every frame (0 when even the first rung failed)
     * @param firstFailure what the next rung showed, or "ladder top" when none failed
     */
    record Result(String camera, String resolution, String pipeline, double maxFps, String firstFailure) {
    }

    private MaxRateSearch() {
    }

    static List<Result> run(List<BenchCell> firstRungs, CellRunner runner, PrintStream out) throws IOException {
        List<Result> results = new ArrayList<>();
        for (BenchCell first : firstRungs) {
            double best = 0;
            String failure = "ladder top";
            for (double fps : LADDER) {
                if (first.camera() == BenchCell.CameraPath.PASSTHROUGH && fps > PASSTHROUGH_MAX_FPS) {
                    failure = "ladder top for passthrough";
                    break;
                }
                BenchCell cell = new BenchCell(first.pipeline(), first.camera(), first.width(), first.height(), fps,
                        first.seconds(), first.syncToDevice());
                CellResult r = runner.run(cell);
                out.println(BenchReport.row(r));
                out.flush();
                String missing = shortfall(r);
                if (missing != null) {
                    failure = String.format(Locale.ROOT, "%.0f fps: %s", fps, missing);
                    break;
                }
                best = fps;
            }
            results.add(new Result(first.camera().name().toLowerCase(Locale.ROOT), first.resolution(),
                    first.pipeline().name().toLowerCase(Locale.ROOT), best, failure));
        }
        return results;
    }

    /** Null when the cell kept (nearly) every frame due, else what went missing. */
    static String shortfall(CellResult r) {
        if (r.problem() != null) {
            return r.problem();
        }
        long missing = r.lostTotal();
        long due = r.window().framesDue();
        if (missing > Math.max(1, MAX_LOSS * due)) {
            return missing + " of " + due + " frames lost or dropped";
        }
        double fps = r.window().sustainedFps();
        if (fps < 0.97 * r.cell().fps()) {
            return String.format(Locale.ROOT, "%.1f fps reached disk", fps);
        }
        return null;
    }

    static void print(List<Result> results, PrintStream out) {
        out.println("max sustainable fps (highest rung of " + java.util.Arrays.toString(LADDER)
                + " with no frame lost or dropped)");
        out.println(String.format(Locale.ROOT, "%-11s %9s %10s %9s %6s  %s", "camera", "size", "drivetape",
                "baseline", "ratio", "drivetape's next rung"));
        for (Result d : results) {
            if (!d.pipeline().equals("drivetape")) {
                continue;
            }
            Result b = results.stream().filter(x -> x.pipeline().equals("baseline") && x.camera().equals(d.camera())
                    && x.resolution().equals(d.resolution())).findFirst().orElse(null);
            out.println(String.format(Locale.ROOT, "%-11s %9s %10.0f %9s %6s  %s", d.camera(), d.resolution(),
                    d.maxFps(), b == null ? "-" : String.format(Locale.ROOT, "%.0f", b.maxFps()),
                    b == null || b.maxFps() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", d.maxFps() / b.maxFps()),
                    d.firstFailure()));
        }
    }
}
