package drivetape.dataset;

import java.io.IOException;

/**
 * An episode directory that cannot be read as one: missing, not an episode, or a file that does not parse.
 * The message is one line naming the file (and line) and what is wrong, ready to show a user.
 */
public final class EpisodeReadException extends IOException {
    public EpisodeReadException(String message) {
        super(message);
    }
}
