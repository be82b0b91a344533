package drivetape.cli;

import drivetape.format.EpisodeId;
import drivetape.session.SessionSettings;
import drivetape.session.Triggers;
import drivetape.status.StatusLine;
import drivetape.web.WebServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drivetape record}: one episode from a serial controller and a camera. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Records one episode from a serial controller and a camera into a new directory under"
                + " --out, and prints its path.", "Stops at --duration, on Ctrl+C or on SIGTERM."})
final class RecordCommand implements Callable<Integer> {

    @Mixin
    DeviceOptions devices;

    @Mixin
    WriterOptions writing;

    @Mixin
    WebOptions web;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Seconds to record (default: until Ctrl+C).")
    Double duration;

    @Option(names = "--episode-id", paramLabel = "ID",
            description = "Name of the episode directory (letters, digits, '.', '_', '-'; default: UTC start time).")
    String episodeId;

    @Override
    public Integer call() {
        devices.check();
        web.address();
        if (duration != null && !(duration > 0 && duration <= 7 * 24 * 3600)) {
            throw new UserError("--duration must be a positive number of seconds, e.g. --duration 60");
        }
        if (episodeId != null && EpisodeId.problem(episodeId) != null) {
            throw new UserError(EpisodeId.problem(episodeId));
        }
        SessionSettings settings = new SessionSettings(WriterOptions.dataRoot(writing.out),
                writing.writing(), Triggers.MANUAL,
                new SessionSettings.Single(episodeId, duration), writing.cameraLatency(), devices.baud, true);
        WebServer page = web.start(settings.dataRoot(), StatusLine.forStderr());
        return SessionRun.run(settings, devices.serialOpener(), devices.serial, devices.cameraOpener(), 0, () -> { },
                page);
    }
}
