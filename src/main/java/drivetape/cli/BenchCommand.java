package drivetape.cli;

import drivetape.bench.BenchReport;
import drivetape.bench.BenchRunner;
import drivetape.bench.CellRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drivetape bench}: the end-to-end benchmark matrix against the design note's baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the real recorder (simulated controller on a socat pty, FFmpeg camera sources, files"
                + " on disk) through a matrix of sizes, rates and camera paths, beside the design note's"
                + " architecture, and prints one table (see BENCHMARKS.md).",
                "The 1920x1080 drivetape cells run again with the files not synced to the device, to price the sync.",
                "Each cell runs in its own JVM. Figures are only as quiet as the machine."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--smoke", description = "One tiny cell (a few seconds in all), to check the bench works.")
    boolean smoke;

    @Option(names = "--seconds", paramLabel = "S", description = "Recording window per cell (default: 10, smoke: 2).")
    Double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(names = "--only", paramLabel = "TEXT",
            description = "Only cells whose label contains TEXT, e.g. '1280x720@60', 'passthrough' or 'sync-off'.")
    String only;

    @Option(names = "--max-fps", description = "Instead of the matrix: for each size and camera path, raise the"
            + " frame rate (30, 60, 90, 120, 180, 240; passthrough up to 120) until frames are lost, and report the"
            + " highest sustained rate, drivetape beside the baseline.")
    boolean maxFps;

    @Option(names = "--no-baseline", description = "Skip the design-note baseline cells.")
    boolean noBaseline;

    @Option(names = "--control-hz", paramLabel = "HZ", defaultValue = "50",
            description = "Simulated controller sample rate (default: ${DEFAULT-VALUE}).")
    double controlHz;

    @Option(names = "--clips", paramLabel = "DIR",
            description = "Where the pre-encoded MJPEG clips are cached (default: <tmp>/drivetape-bench-clips).")
    Path clips;

    // The child side of one cell: started by the bench itself, not by people.
    @Option(names = "--cell", hidden = true)
    String cell;

    @Option(names = "--port", hidden = true)
    String port;

    @Option(names = "--source", hidden = true)
    String source;

    @Option(names = "--data", hidden = true)
    Path data;

    @Override
    public Integer call() throws IOException {
        if (cell != null) {
            return CellRun.run(cell, port, source, data, System.out);
        }
        double window = seconds != null ? seconds : smoke ? 2 : 10;
        if (!(window >= 1 && window <= 3600)) {
            throw new UserError("--seconds must be between 1 and 3600");
        }
        if (!(controlHz > 0 && controlHz <= 1000)) {
            throw new UserError("--control-hz must be above 0 and at most 1000");
        }
        Path clipCache = clips != null ? clips : Path.of(System.getProperty("java.io.tmpdir"), "drivetape-bench-clips");
        BenchRunner.Options options = new BenchRunner.Options(smoke, window, !noBaseline && !smoke, only, clipCache,
                controlHz, maxFps && !smoke);
        BenchReport report = new BenchRunner(options, System.out).run();
        if (json != null) {
            report.writeJson(json);
            System.err.println("JSON written to " + json);
        }
        return 0;
    }
}
