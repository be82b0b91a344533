package drivetape.cli;

import drivetape.episode.EpisodeSpec;
import drivetape.session.SessionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a recording command buffers and writes (shared by {@code record}, {@code drive}, {@code demo}). */
final class WriterOptions {
    @Option(names = "--queue", paramLabel = "N", defaultValue = "200",
            description = "Frames the buffers hold (write queue and pre-roll) before frames are dropped"
                    + " (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--queue-mb", paramLabel = "MB", defaultValue = "256",
            description = "Memory the frame buffers may hold, in MiB (default: ${DEFAULT-VALUE}).")
    int queueMb;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "2",
            description = "Frame writer threads (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--writer-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long an episode's queued frames may take to write at its end (default: ${DEFAULT-VALUE}).")
    double writerTimeout;

    @Option(names = "--camera-latency-ms", paramLabel = "MS",
            description = "A known camera latency (exposure to timestamp): frame times are moved earlier by it"
                    + " (default: 0).")
    Double cameraLatencyMs;

    SessionSettings.Writing writing(int jpegQuality) {
        if (queue < 1 || queue > 100_000) {
            throw new UserError("--queue must be between 1 and 100000 frames");
        }
        if (queueMb < 8 || queueMb > 65_536) {
            throw new UserError("--queue-mb must be between 8 and 65536");
        }
        if (writers < 1 || writers > 16) {
            throw new UserError("--writers must be between 1 and 16");
        }
        if (!(writerTimeout >= 0 && writerTimeout <= 3600)) {
            throw new UserError("--writer-timeout must be between 0 and 3600 seconds");
        }
        return new SessionSettings.Writing(queue, queueMb * 1024L * 1024L, writers, jpegQuality,
                (long) (writerTimeout * 1000));
    }

    EpisodeSpec.CameraLatency cameraLatency() {
        if (cameraLatencyMs == null) {
            return EpisodeSpec.CameraLatency.NONE;
        }
        if (!(cameraLatencyMs >= 0 && cameraLatencyMs <= 1000)) {
            throw new UserError("--camera-latency-ms must be between 0 and 1000 ms");
        }
        return new EpisodeSpec.CameraLatency(cameraLatencyMs, "option");
    }

    /** Creates the data root if needed; a one-line error when it cannot be written. */
    static Path dataRoot(Path out) {
        Path root = out.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UserError("cannot create output directory " + root + " (" + reason(e)
                    + "): choose a directory you can write to with --out");
        }
        if (!Files.isDirectory(root)) {
            throw new UserError("output path " + root + " is not a directory: choose a directory with --out");
        }
        if (!Files.isWritable(root)) {
            throw new UserError("output directory " + root + " is not writable: choose a directory you can write"
                    + " to with --out");
        }
        return root;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
}
