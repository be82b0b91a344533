package drivetape.calibrate;

import drivetape.camera.CameraException;
import drivetape.camera.CameraOpener;
import drivetape.camera.FrameFormat;
import drivetape.dataset.Events;
import drivetape.dataset.Frames;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeSpec;
import drivetape.serial.Hello;
import drivetape.serial.LinkOpener;
import drivetape.serial.SerialException;
import drivetape.session.CameraLatencyChoice;
import drivetape.session.Command;
import drivetape.session.Session;
import drivetape.session.SessionSettings;
import drivetape.session.SessionStatus;
import drivetape.session.Triggers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measures a camera's latency with the board's LED: records a short episode (the one session code path,
 * frames uncorrected) while the board blinks at random moments ({@code ?blink,<count>,<mean_ms>}), then
 * finds the LED in the frames and brackets the latency with every switch.
 *
 * <p>The switches' times are the {@code led} events' {@code t_ns}: on the board's clock, mapped by the
 * episode's final clock fit, so the UART, the USB bridge and the host are taken out as for every sample.
 */
public final class CalibrationRun {
    public static final String BLINK_CAPABILITY = "blink";
    public static final String LED_EVENT = "led";
    /** LED switches asked for by default: about 12 s at 30 fps, to within a millisecond. */
    public static final int DEFAULT_BLINKS = 40;
    /**
     * The brackets may agree on a narrower range than the switches' own times are known to (their clock fit,
     * about 0.1 ms): the uncertainty said is never less than that.
     */
    private static final long MIN_UNCERTAINTY_NS = 100_000;
    /** After the last switch, frames still come for the latency: wait this long before stopping. */
    private static final long TAIL_NS = TimeUnit.MILLISECONDS.toNanos(LedFinder.MAX_LAG_NS / 1_000_000 + 500);

    /**
     * @param blinks LED switches to ask for
     * @param ledRegion where the LED is, or null to find it
     */
    public record Settings(int blinks, Region ledRegion, int baud) {
    }

    /** Why a calibration could not be measured, in one line that says what to do. */
    public static final class CalibrationException extends Exception {
        CalibrationException(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public CalibrationRun(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The mean interval between switches: at least 8 frames, so that each state shows in several. */
    public static int meanIntervalMs(double fps) {
        return (int) Math.max(250, Math.round(8 * 1000 / fps));
    }

    /**
     * Records into a new episode under {@code workDir}, and measures.
     *
     * @throws SerialException when the controller cannot be opened
     * @throws CameraException when the camera cannot be opened
     * @throws CalibrationException when the board cannot blink, or the LED is not found, or the switches disagree
     */
    public CameraCalibration measure(LinkOpener serial, String port, CameraOpener camera, Path workDir)
            throws SerialException, CameraException, CalibrationException, IOException, InterruptedException {
        SessionSettings sessionSettings = new SessionSettings(workDir,
                new SessionSettings.Writing(400, 256L << 20, 2, 90, 10_000), Triggers.MANUAL,
                new SessionSettings.Single("calibration", null),
                CameraLatencyChoice.fixed(EpisodeSpec.CameraLatency.NONE), settings.baud(), false);
        Blinker blinker = new Blinker(port);
        List<EpisodeResult> results;
        try (Session session = Session.open(sessionSettings, serial, port, camera, blinker)) {
            blinker.session = session;
            blinker.format = session.format();
            if (settings.ledRegion() != null
                    && !settings.ledRegion().fitsIn(session.format().width(), session.format().height())) {
                throw new CalibrationException("--led-region " + settings.ledRegion() + " is not inside the "
                        + session.format().width() + "x" + session.format().height() + " frame: give a region within it");
            }
            blinker.meanMs = meanIntervalMs(session.format().fps());
            results = session.run();
            if (blinker.failure != null) {
                throw new CalibrationException(blinker.failure);
            }
        }
        if (results.isEmpty()) {
            throw new CalibrationException("the calibration recording did not finish: try again");
        }
        return analyse(results.get(0).directory(), blinker.format);
    }

    /** Measures from a recorded calibration episode (also for tests and for looking at one again). */
    public CameraCalibration analyse(Path episode, FrameFormat format) throws IOException, CalibrationException {
        List<LedSwitch> switches = new ArrayList<>();
        for (Events.Event e : Events.read(episode).rows()) {
            if (LED_EVENT.equals(e.name())) {
                switches.add(new LedSwitch(e.tNs(), "1".equals(e.value())));
            }
        }
        if (switches.size() < Math.max(4, settings.blinks() / 2)) {
            throw new CalibrationException("the board sent " + switches.size() + " of the " + settings.blinks()
                    + " LED switches asked for: check the cable, and that the firmware answers ?blink");
        }
        Frames frames = Frames.read(episode);
        CellGrid grid = settings.ledRegion() != null ? CellGrid.of(settings.ledRegion())
                : CellGrid.over(format.width(), format.height(), CellGrid.cellSizeFor(format.width(), format.height()));
        long from = switches.get(0).tNs() - TimeUnit.MILLISECONDS.toNanos(500);
        long to = switches.get(switches.size() - 1).tNs() + LedFinder.MAX_LAG_NS;
        FrameLevels levels = FrameLevels.read(episode, frames, grid, from, to);
        progress.accept(String.format(java.util.Locale.ROOT, "looking for the LED in %d frames (%d switches)",
                levels.size(), switches.size()));
        LatencyAnalysis analysis = LatencyAnalysis.of(levels.frameNs(), levels.levels(), switches);
        if (analysis == null) {
            throw new CalibrationException("no part of the picture follows the LED: put the board's LED in view of"
                    + " the camera (not in direct sun, not overexposed), or give its place with --led-region X,Y,W,H");
        }
        LedFinder.Found led = analysis.led();
        LatencyEstimate estimate = analysis.estimate();
        int brackets = estimate == null ? 0 : estimate.brackets();
        if (estimate == null || !estimate.agreed()) {
            throw new CalibrationException("the LED switches disagree about the latency ("
                    + (estimate == null ? 0 : estimate.agreeing()) + " of " + brackets
                    + " agree): keep the camera still and the LED clearly in view, and calibrate again");
        }
        if (estimate.latencyNs() < 0) {
            throw new CalibrationException("the picture changed before the LED switched: the region found ("
                    + grid.region(led.cell()) + ") is not the board's LED; give it with --led-region X,Y,W,H");
        }
        return new CameraCalibration(CameraKey.of(format), estimate.latencyNs() / 1e6,
                Math.max(estimate.uncertaintyNs(), MIN_UNCERTAINTY_NS) / 1e6, estimate.agreeing(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), grid.region(led.cell()));
    }

    /**
     * How long a run of {@code count} switches lasts, all but surely: the board's intervals are uniform on
     * [mean/2, 3 mean/2] (a standard deviation of mean / sqrt(12) each), so their sum is within sqrt(count)
     * means of count means far beyond three sigma; then the LED holds one more interval and goes back to
     * its usual meaning. Pongs are events too, so the led events cannot simply be counted as they come.
     */
    static long runNanos(int count, int meanMs) {
        return TimeUnit.MILLISECONDS.toNanos(Math.round((count + Math.sqrt(count) + 1) * meanMs));
    }

    /** Asks for the blinks once the board has said hello, and ends the recording after the last one. */
    private final class Blinker implements Session.Listener {
        private final String port;
        volatile Session session;
        int meanMs;
        FrameFormat format;
        String failure;
        private long deadline = Long.MAX_VALUE;

        Blinker(String port) {
            this.port = port;
        }

        @Override
        public void started() {
            Hello hello = session.controllerCounts().hello();
            if (hello == null || !hello.can(BLINK_CAPABILITY)) {
                failure = "the board on " + port + (hello == null ? " said no hello line" : " does not announce caps="
                        + BLINK_CAPABILITY) + ": flash the drivetape firmware (firmware/drivetape, which blinks its"
                        + " LED on ?blink) and calibrate again";
                session.command(Command.now(Command.Kind.QUIT, "calibration"));
                return;
            }
            session.sendToBoard(("?blink," + settings.blinks() + "," + meanMs + "\n").getBytes(StandardCharsets.US_ASCII));
            long run = runNanos(settings.blinks(), meanMs) + TAIL_NS;
            deadline = System.nanoTime() + run;
            progress.accept(String.format(java.util.Locale.ROOT,
                    "the LED switches %d times, about every %d ms (for %.0f s): keep it in view", settings.blinks(), meanMs,
                    run / 1e9));
        }

        @Override
        public void status(SessionStatus status) {
            if (System.nanoTime() - deadline >= 0) {
                session.command(Command.now(Command.Kind.QUIT, "calibration"));
            }
        }

        @Override
        public void message(boolean warning, String text) {
            if (warning) {
                progress.accept("warning: " + text);
            }
        }
    }
}
