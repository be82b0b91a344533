package drivetape.episode;

import java.nio.file.Path;

/**
 * A finished episode: where it is, its final figures and why it ended.
 *
 * @param reason why it ended, in words ("duration reached", "switch", "SIGTERM", "disk full: ...")
 */
public record EpisodeResult(Path directory, EpisodeFigures figures, String reason) {
}
