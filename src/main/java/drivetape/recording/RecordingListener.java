package drivetape.recording;

import drivetape.episode.EpisodeWriter;
import drivetape.serial.ControlReader;
import java.nio.file.Path;

/** What a command (or a benchmark) wants to hear about while a recording starts up and runs. */
public interface RecordingListener {

    /** The serial reader exists and has not started: the moment to attach probes to it. */
    default void onReaderCreated(ControlReader reader) {
    }

    /** The serial reader is running: bytes from the controller are being stamped from now on. */
    default void onListening() {
    }

    /** The episode directory exists. */
    default void onEpisodeCreated(Path directory) {
    }

    /** Capture has started; the writer's live counts can be read from any thread until the recording ends. */
    default void onCapturing(EpisodeWriter writer) {
    }
}
