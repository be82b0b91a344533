package drivetape.cli;

import drivetape.session.RecordSwitch;
import drivetape.session.Recovery;
import drivetape.session.SessionSettings;
import drivetape.session.Triggers;
import drivetape.status.StatusLine;
import drivetape.web.WebServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drivetape drive}: a long-running session, an episode per flip of the transmitter's switch. */
@Command(name = "drive", mixinStandardHelpOptions = true,
        description = {"Runs a recording session: the controller and the camera stay open, and an episode is"
                + " recorded each time a trigger says so (the transmitter's switch, the throttle, Enter on the"
                + " keyboard), each into a new directory under --out whose path is printed.",
                "Episodes a crash left behind under --out are recovered first. Ends on q, Ctrl+C or SIGTERM"
                        + " (the open episode is finished)."})
final class DriveCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions devices;

    @Mixin
    WriterOptions writing;

    @Mixin
    WebOptions web;

    @Option(names = "--record-switch", paramLabel = "CHANNEL[:US]",
            description = "Record while this channel (named in the board's hello line) reads above US"
                    + " microseconds (default 1500), e.g. --record-switch aux.")
    String recordSwitch;

    @Option(names = "--record-on-throttle", paramLabel = "IDLE_S", arity = "0..1", fallbackValue = "2",
            description = "Record while the throttle is off neutral, ending IDLE_S seconds (default 2) after it"
                    + " returns to neutral.")
    Double recordOnThrottle;

    @Option(names = "--pre-roll", paramLabel = "S", defaultValue = "0",
            description = "Each episode also holds the S seconds before its trigger (kept in memory; counts"
                    + " against --queue and --queue-mb) (default: ${DEFAULT-VALUE}).")
    double preRoll;

    @Option(names = "--max-episode", paramLabel = "S",
            description = "Close an episode and start the next every S seconds of continuous recording.")
    Double maxEpisode;

    @Override
    public Integer call() {
        devices.check();
        web.address();
        RecordSwitch sw = null;
        if (recordSwitch != null) {
            try {
                sw = RecordSwitch.parse(recordSwitch);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        if (recordOnThrottle != null && !(recordOnThrottle >= 0 && recordOnThrottle <= 3600)) {
            throw new UserError("--record-on-throttle takes the idle time in seconds (0 to 3600), e.g."
                    + " --record-on-throttle=2");
        }
        if (!(preRoll >= 0 && preRoll <= 60)) {
            throw new UserError("--pre-roll must be between 0 and 60 seconds, e.g. --pre-roll 2");
        }
        if (maxEpisode != null && !(maxEpisode >= 1 && maxEpisode <= 24 * 3600)) {
            throw new UserError("--max-episode must be at least 1 second, e.g. --max-episode 300");
        }
        SessionSettings.Writing w = writing.writing();
        long preRollFrames = (long) Math.ceil(preRoll * devices.fps);
        if (preRollFrames + 30 > w.queueFrames()) {
            throw new UserError("--pre-roll " + preRoll + " at " + devices.fps + " fps holds " + preRollFrames
                    + " frames: raise --queue to at least " + (preRollFrames + 30) + " (and --queue-mb to fit them)");
        }
        Path root = WriterOptions.dataRoot(writing.out);
        StatusLine status = StatusLine.forStderr();
        int recovered = Recovery.recoverAll(root, status::info, status::warn);
        SessionSettings settings = new SessionSettings(root, w, new Triggers(sw, recordOnThrottle, preRoll, maxEpisode),
                null, writing.cameraLatency(), devices.baud, true);
        WebServer page = web.start(root, status);
        return SessionRun.run(settings, devices.serialOpener(), devices.serial, devices.cameraOpener(), recovered,
                () -> { }, page);
    }
}
