package drivetape.cli;

import drivetape.calibrate.CalibrationStore;
import drivetape.calibrate.CameraKey;
import drivetape.episode.EpisodeSpec;
import drivetape.format.LatencySource;
import drivetape.session.CameraLatencyChoice;
import drivetape.session.SessionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how a recording command writes (shared by {@code record} and {@code drive}). */
final class WriterOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory episodes are created in.")
    Path out;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "90",
            description = "JPEG quality 1-100 when drivetape encodes frames (raw cameras, test pattern);"
                    + " MJPEG cameras are stored unchanged (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

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
                    + " (default: the latency 'drivetape calibrate camera' measured for this camera, size and"
                    + " rate, else 0).")
    Double cameraLatencyMs;

    SessionSettings.Writing writing() {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new UserError("--jpeg-quality must be between 1 and 100");
        }
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

    /**
     * The latency given with --camera-latency-ms, else the one {@code calibrate camera} stored for the camera,
     * size and rate that open (read now, so that a broken calibration file is an error before anything opens).
     */
    CameraLatencyChoice cameraLatency() {
        if (cameraLatencyMs != null) {
            if (!(cameraLatencyMs >= 0 && cameraLatencyMs <= 1000)) {
                throw new UserError("--camera-latency-ms must be between 0 and 1000 ms");
            }
            return CameraLatencyChoice.fixed(new EpisodeSpec.CameraLatency(cameraLatencyMs, LatencySource.OPTION));
        }
        CalibrationStore store;
        try {
            store = CalibrationStore.read(CalibrationStore.defaultFile(System.getenv()));
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        return opened -> store.find(CameraKey.of(opened))
                .map(c -> new EpisodeSpec.CameraLatency(c.latencyMs(), LatencySource.CALIBRATED))
                .orElse(EpisodeSpec.CameraLatency.NONE);
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
