package drivetape.session;

/**
 * The running episode's counts (zeros while waiting) and the session's, as the status line and the web page
 * show them.
 *
 * @param queueDepth frames waiting for a writer
 */
public record SessionCounts(long controls, long frames, long framesDropped, long queueDepth, long badLines,
                            long sessionEpisodes, long sessionFrames) {
}
