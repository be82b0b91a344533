package drivetape.bench;

import drivetape.camera.CameraException;
import drivetape.camera.CameraOpener;
import drivetape.episode.EpisodeFigures;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeSpec;
import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeStatus;
import drivetape.serial.LinkOpener;
import drivetape.serial.SerialException;
import drivetape.serial.SerialLink;
import drivetape.session.CameraLatencyChoice;
import drivetape.session.Session;
import drivetape.session.SessionSettings;
import drivetape.session.Triggers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One drivetape cell: the real recorder (a {@link Session} with the settings of {@code drivetape record}) on
 * real threads writing a real episode, measured only through what it shows outside: the controller's link
 * (a {@link StampingLink}), the camera (a {@link ClockedCamera}), the session's public status (the write queue,
 * sampled every 5 ms by {@link WindowSampler}), the process's CPU and memory, and the files on disk
 * ({@link FrameFileWatcher}).
 */
final class DrivetapeCell {
    /** {@code drivetape record}'s defaults (WriterOptions, DeviceOptions). */
    static final int QUEUE_FRAMES = 200;
    static final long QUEUE_BYTES = 256L << 20;
    static final int WRITERS = 2;
    static final int JPEG_QUALITY = 90;
    static final long WRITER_TIMEOUT_MS = 10_000;
    static final String EPISODE_ID = "bench";
    /**
     * The recording runs on past the measured window, so the window's figures are read while capture is still
     * running (the recorder stopping at the same instant would freeze the frame count early).
     */
    private static final double RUN_ON_S = 2;

    private DrivetapeCell() {
    }

    static CellResult run(BenchCell cell, SerialLink link, String port, ClockedCamera camera, Path dataRoot,
                          Runnable onListening) throws CameraException, SerialException, IOException,
            InterruptedException {
        SessionSettings settings = new SessionSettings(dataRoot,
                new SessionSettings.Writing(QUEUE_FRAMES, QUEUE_BYTES, WRITERS, JPEG_QUALITY, WRITER_TIMEOUT_MS),
                Triggers.MANUAL, new SessionSettings.Single(EPISODE_ID, cell.seconds() + RUN_ON_S),
                CameraLatencyChoice.fixed(EpisodeSpec.CameraLatency.NONE), CellRun.BAUD, cell.syncToDevice());
        StampingLink stamped = new StampingLink(link);
        List<EpisodeResult> results;
        WindowSampler sampler;
        try (FrameFileWatcher watcher = new FrameFileWatcher(dataRoot, EPISODE_ID, camera::receiveNanos)) {
            watcher.start();
            try (Session session = Session.open(settings, LinkOpener.once(stamped), port, CameraOpener.once(camera),
                    new Warnings())) {
                // The reader is reading: the board may start talking.
                onListening.run();
                sampler = new WindowSampler(cell, camera, stamped, watcher,
                        () -> session.status(System.nanoTime()).counts().queueDepth());
                sampler.start();
                try {
                    results = session.run();
                } finally {
                    sampler.close();
                }
            }
            // The session is closed: every frame file is written, the reader has stopped.
            return result(cell, results, sampler, stamped, watcher, camera);
        }
    }

    private static CellResult result(BenchCell cell, List<EpisodeResult> results, WindowSampler sampler,
                                     StampingLink stamped, FrameFileWatcher watcher, ClockedCamera camera) {
        if (results.isEmpty()) {
            return CellResult.failed(cell, "the session recorded no episode");
        }
        EpisodeResult episode = results.get(0);
        EpisodeFigures figures = episode.figures();
        String problem = figures.problem() != null ? figures.problem()
                : sampler.problem() != null ? sampler.problem()
                : watcher.framesDirectory() == null ? "the episode's frame files could not be watched"
                : figures.status() != EpisodeStatus.COMPLETE ? episode.reason() : null;
        CellResult.Frames frames = new CellResult.Frames(figures.frames().written(), figures.frames().dropped(),
                sampler.queueMax(), BenchFiles.averageJpegKb(episode.directory().resolve(EpisodeFiles.FRAMES_DIR)));
        return new CellResult(cell, sampler.window(), frames, sampler.cpu(), ProcessStats.memory(),
                new CellResult.ControlPath(CellResult.Latency.micros(stamped.handOn()), CellResult.Latency.NONE),
                new CellResult.FramePath(CellResult.Latency.millis(watcher.latency()),
                        camera.lag().percentileMs(0.99)),
                new CellResult.Startup(watcher.firstFileNanos(), -1), problem);
    }

    /** The session's warnings go to the cell's stderr (shown when a cell fails). */
    private static final class Warnings implements Session.Listener {
        @Override
        public void message(boolean warning, String text) {
            System.err.println((warning ? "warning: " : "") + text);
        }
    }
}
