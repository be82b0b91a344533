package drivetape.cli;

import drivetape.camera.CameraException;
import drivetape.camera.FrameSource;
import drivetape.recording.Recording;
import drivetape.recording.RecordingListener;
import drivetape.recording.RecordingSettings;
import drivetape.recording.StopRequest;
import drivetape.serial.SerialLink;
import drivetape.status.StatusLine;
import drivetape.status.Summary;
import java.io.IOException;
import java.nio.file.Path;

/** Runs one recording for a command: signals, the episode path on stdout, the summary on stderr. */
final class EpisodeRun {
    /** Exit code when the episode ended on an error (disk full, device lost): it is readable, but short. */
    static final int INTERRUPTED = 3;

    private EpisodeRun() {
    }

    static int run(RecordingSettings settings, SerialLink link, String port, int baud, FrameSource source) {
        return run(settings, link, port, baud, source, () -> { });
    }

    /** As {@link #run(RecordingSettings, SerialLink, String, int, FrameSource)}, telling when the port is read. */
    static int run(RecordingSettings settings, SerialLink link, String port, int baud, FrameSource source,
                   Runnable onListening) {
        StatusLine status = StatusLine.forStderr();
        StopRequest stop = new StopRequest();
        SignalStop.install(stop, () -> status.info("Stopping: finishing the episode..."));
        Recording.Result result;
        try {
            result = new Recording(settings, status).run(link, port, baud, source, stop, new RecordingListener() {
                @Override
                public void onListening() {
                    onListening.run();
                }

                @Override
                public void onEpisodeCreated(Path directory) {
                    System.out.println(directory);
                    System.out.flush();
                    status.info("Recording to " + directory + (settings.durationS() == null
                            ? " until Ctrl+C" : " for " + settings.durationS() + " s"));
                }
            });
        } catch (CameraException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot create the episode under " + settings.dataRoot() + ": " + e.getMessage());
        }
        status.info(Summary.of(result.directory(), result.tally(), result.stopReason()));
        return "complete".equals(result.tally().status()) ? 0 : INTERRUPTED;
    }
}
