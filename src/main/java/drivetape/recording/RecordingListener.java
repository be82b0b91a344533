package drivetape.recording;

import java.nio.file.Path;

/** What a command wants to hear about while a recording starts up. */
public interface RecordingListener {

    /** The serial reader is running: bytes from the controller are being stamped from now on. */
    default void onListening() {
    }

    /** The episode directory exists. */
    default void onEpisodeCreated(Path directory) {
    }
}
