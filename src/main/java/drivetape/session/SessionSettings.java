package drivetape.session;

import java.nio.file.Path;

/**
 * How a session records (validated by the command that builds it).
 *
 * @param dataRoot the directory episodes are created under
 * @param writing the write queue and writers
 * @param triggers what starts and ends episodes (a drive session)
 * @param single set for {@code record}: one episode from the start, then the session ends; null for {@code drive}
 * @param cameraLatency how frame times are corrected for the camera's latency (chosen once it is open)
 * @param baud the controller's serial rate (the UART time of each line follows from it)
 * @param syncToDevice push the episode's files to the device (fsync) at least once a second
 */
public record SessionSettings(Path dataRoot, Writing writing, Triggers triggers, Single single,
                              CameraLatencyChoice cameraLatency, int baud, boolean syncToDevice) {

    /**
     * @param queueFrames frames the buffers hold (pre-roll, routing and the write queue together)
     * @param queueBytes memory the frame buffers may hold (raw frames are megabytes)
     * @param writerThreads frame writer threads
     * @param jpegQuality quality when drivetape encodes JPEG itself
     * @param writerTimeoutMillis how long an episode's queued frames get to be written at its end
     */
    public record Writing(int queueFrames, long queueBytes, int writerThreads, int jpegQuality,
                          long writerTimeoutMillis) {
    }

    /**
     * One episode, as {@code record} makes it.
     *
     * @param episodeId the episode's name, or null for its UTC start time
     * @param durationS seconds to record, or null until stopped
     */
    public record Single(String episodeId, Double durationS) {
    }

    public boolean isDrive() {
        return single == null;
    }
}
