package drivetape.cli;

import drivetape.export.ChannelMap;
import drivetape.export.ExportFormats;
import drivetape.export.ExportInputs;
import drivetape.export.ExportOptions;
import drivetape.export.Exporter;
import drivetape.status.StatusLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drivetape export --format F --out DIR EPISODE_OR_DATA_ROOT...}: episodes in a trainer's format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes finished episodes (their aligned.csv rows, excluded frames left out) in the format a"
                + " trainer or viewer reads:",
            "  tub      DonkeyCar tub v2 (donkey train --tub DIR)",
            "  lerobot  LeRobotDataset v3.0 (LeRobotDataset(repo_id, root=DIR))",
            "  mcap     MCAP for Foxglove",
            "Steering and throttle map linearly onto -1..+1 (1000 us -> -1, 1500 -> 0, 2000 -> +1, clamped)."})
final class ExportCommand implements Callable<Integer> {
    private static final Pattern MAP = Pattern.compile("([^=]+)=([-+0-9.eE]+):([-+0-9.eE]+):([-+0-9.eE]+)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "tub, lerobot or mcap.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty folder.")
    Path out;

    @Option(names = "--map", paramLabel = "CHANNEL=LOW:CENTRE:HIGH",
            description = "How a channel's microseconds map onto -1..+1, e.g. steering=2000:1500:1000 for a"
                    + " reversed one (repeatable; default 1000:1500:2000).")
    List<String> maps = new ArrayList<>();

    @Option(names = "--task", defaultValue = "drive", paramLabel = "TEXT",
            description = "lerobot: the task every episode performs (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--fps", paramLabel = "N",
            description = "lerobot: the frame grid, a whole number (default: the camera's rate).")
    Double fps;

    @Parameters(arity = "1..*", paramLabel = "EPISODE_OR_DATA_ROOT",
            description = "Episode folders, or folders of episodes (every episode in them).")
    List<Path> inputs;

    @Override
    public Integer call() {
        StatusLine status = StatusLine.forStderr();
        try {
            Exporter exporter = ExportFormats.find(format);
            ExportOptions options = new ExportOptions(channelMaps(), taskText(), fps);
            List<Path> episodes = ExportInputs.episodes(inputs);
            ExportInputs.prepareOut(out);
            ExportProgress progress = new ExportProgress(status, ExportInputs.alignedRows(episodes));
            long started = System.nanoTime();
            try {
                exporter.export(episodes, out, options, progress);
            } catch (IOException | RuntimeException e) {
                status.endLine();
                throw new UserError("export failed: " + e.getMessage() + " (" + out
                        + " is incomplete: delete it before trying again)");
            }
            progress.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "exported %d episode%s, %d frames as %s to %s: %s in %.1f s, %.0f frames/s",
                    episodes.size(), episodes.size() == 1 ? "" : "s", progress.frames(), format, out,
                    megabytes(sizeOf(out)), seconds, progress.frames() / Math.max(seconds, 1e-9)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Map<String, ChannelMap> channelMaps() {
        Map<String, ChannelMap> parsed = new LinkedHashMap<>();
        for (String text : maps) {
            Matcher m = MAP.matcher(text);
            if (!m.matches()) {
                throw new UserError("--map " + text + ": expected CHANNEL=LOW:CENTRE:HIGH in microseconds, e.g."
                        + " steering=2000:1500:1000");
            }
            try {
                parsed.put(m.group(1), new ChannelMap(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4))));
            } catch (IllegalArgumentException e) {
                throw new UserError("--map " + text + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    private String taskText() {
        if (task.isBlank()) {
            throw new UserError("--task is empty: say what the episodes show, e.g. --task \"drive the track\"");
        }
        return task;
    }

    /** Bytes of the files under {@code dir} (hard-linked frames counted in full). */
    private static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
