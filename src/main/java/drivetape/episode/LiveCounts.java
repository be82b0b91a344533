package drivetape.episode;

/**
 * What the status line shows, read from other threads while recording.
 *
 * @param frames frames captured so far
 * @param framesDropped frames settled without a file so far (queue full, given up, write error)
 * @param droppedAtCapture frames dropped by the camera thread because no buffer was free (immediate)
 * @param queueDepth frames waiting for a writer
 */
public record LiveCounts(long controls, long events, long frames, long framesDropped, long droppedAtCapture,
                         long queueDepth, long writeErrors) {
}
