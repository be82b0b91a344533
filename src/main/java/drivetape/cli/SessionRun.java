package drivetape.cli;

import drivetape.calibrate.CameraKey;
import drivetape.camera.CameraException;
import drivetape.camera.CameraOpener;
import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSources;
import drivetape.episode.EpisodeResult;
import drivetape.format.EpisodeStatus;
import drivetape.format.LatencySource;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import drivetape.serial.LinkOpener;
import drivetape.serial.SerialException;
import drivetape.session.Session;
import drivetape.session.SessionException;
import drivetape.session.SessionSettings;
import drivetape.session.SessionStatus;
import drivetape.status.DriveStatus;
import drivetape.status.ProgressWatch;
import drivetape.status.StatusLine;
import drivetape.status.Summary;
import drivetape.web.WebServer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a session for a command: signals and the keyboard, episode paths on stdout, status, warnings and
 * summaries on stderr, the exit code.
 */
final class SessionRun {
    /** Exit code when {@code record}'s episode ended on an error (disk full, device lost): readable, but short. */
    static final int INTERRUPTED = 3;

    private SessionRun() {
    }

    /**
     * @param recovered episodes recovered under the data root before the session started (for the summary)
     * @param onListening run once the controller's port is being read (the demo starts its simulator then)
     * @param web the web page (--web), already listening, or null; shows the session once it is open and is
     *            closed with it
     */
    static int run(SessionSettings settings, LinkOpener serial, String port, CameraOpener camera, int recovered,
                   Runnable onListening, WebServer web) {
        try (web) {
            return run(settings, serial, port, camera, recovered, onListening, (Consumer<Session>) s -> {
                if (web != null) {
                    web.attach(s);
                }
            });
        }
    }

    private static int run(SessionSettings settings, LinkOpener serial, String port, CameraOpener camera,
                           int recovered, Runnable onListening, Consumer<Session> onOpen) {
        StatusLine status = StatusLine.forStderr();
        Listener listener = new Listener(settings, status);
        Session session;
        try {
            session = Session.open(settings, serial, port, camera, listener);
        } catch (SerialException | CameraException e) {
            throw new UserError(e.getMessage());
        }
        onOpen.accept(session);
        warnIfUncalibrated(session, status);
        AgentRunner keyboard = null;
        try {
            onListening.run();
            listener.watch = new ProgressWatch(session.format().fps());
            SignalStop.install(c -> {
                status.info("Stopping: finishing the episode...");
                session.command(c);
            });
            if (settings.isDrive()) {
                keyboard = new AgentRunner(new Keyboard(session::command), IdleStrategy.none()).start();
            }
            List<EpisodeResult> results;
            try {
                results = session.run();
            } catch (SessionException e) {
                throw new UserError(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return INTERRUPTED;
            }
            status.endLine();
            if (settings.isDrive()) {
                status.info(Summary.session(results, recovered, session.status(System.nanoTime()).elapsedS()));
                return 0;
            }
            boolean complete = results.stream().allMatch(r -> r.figures().status() == EpisodeStatus.COMPLETE);
            return complete ? 0 : INTERRUPTED;
        } finally {
            if (keyboard != null) {
                keyboard.requestStop();
            }
            session.close();
        }
    }

    /** A real camera whose latency nobody measured: frame times are late by it, and training data with them. */
    private static void warnIfUncalibrated(Session session, StatusLine status) {
        FrameFormat camera = session.format();
        boolean real = camera.hasDeviceTimestamps() || FrameSources.isStreamUrl(camera.source());
        if (real && session.cameraLatency().source() == LatencySource.NONE) {
            status.warn("camera " + CameraKey.of(camera).describe() + " has no latency calibration, so frame times"
                    + " are late by its latency: measure it once with 'drivetape calibrate camera' (or give"
                    + " --camera-latency-ms)");
        }
    }

    private static String triggers(SessionSettings settings) {
        var t = settings.triggers();
        StringBuilder s = new StringBuilder();
        if (t.recordSwitch() != null) {
            s.append("recording while ").append(t.recordSwitch().channel()).append(" > ")
                    .append(t.recordSwitch().thresholdUs()).append(" us");
        }
        if (t.throttleIdleS() != null) {
            s.append(s.length() > 0 ? ", and " : "").append("recording while the throttle is off neutral (idle ")
                    .append(t.throttleIdleS()).append(" s)");
        }
        return s.length() == 0 ? "waiting for a start" : s.toString();
    }

    /** Prints what the session says, on the session's (main) thread. */
    private static final class Listener implements Session.Listener {
        private final SessionSettings settings;
        private final StatusLine status;
        ProgressWatch watch;
        private String watchedEpisode;

        Listener(SessionSettings settings, StatusLine status) {
            this.settings = settings;
            this.status = status;
        }

        @Override
        public void started() {
            if (settings.isDrive()) {
                status.info("Session started: " + triggers(settings)
                        + "; Enter starts/stops an episode, q (then Enter) or Ctrl+C ends the session");
            }
        }

        @Override
        public void message(boolean warning, String text) {
            if (warning) {
                status.warn(text);
            } else {
                status.info(text);
            }
        }

        @Override
        public void episodeStarted(Path directory, String text) {
            System.out.println(directory);
            System.out.flush();
            if (settings.isDrive()) {
                status.info(text);
            } else {
                Double d = settings.single().durationS();
                status.info("Recording to " + directory + (d == null ? " until Ctrl+C" : " for " + d + " s"));
            }
        }

        @Override
        public void episodeFinished(EpisodeResult result) {
            status.endLine();
            status.info(Summary.of(result));
        }

        @Override
        public void status(SessionStatus s) {
            if (watch == null) {
                return;
            }
            if (s.recording() && !s.episodeId().equals(watchedEpisode)) {
                watchedEpisode = s.episodeId();
                watch = new ProgressWatch(watch.expectedFrameHz());
            }
            status.update(settings.isDrive() ? DriveStatus.line(s)
                    : watch.progress(s.episodeElapsedS(), s.counts(), settings.single().durationS()));
            if (s.recording()) {
                for (String warning : watch.warnings(s.episodeElapsedS(), s.counts())) {
                    status.warn(warning);
                }
            }
        }
    }
}
