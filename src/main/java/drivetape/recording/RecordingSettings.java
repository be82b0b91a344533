package drivetape.recording;

import java.nio.file.Path;

/**
 * How to record one episode (validated by the command that builds it).
 *
 * @param dataRoot the directory episodes are created under
 * @param episodeId the episode's name, or null for the UTC start time
 * @param durationS seconds to record, or null to record until stopped
 * @param queueFrames frames the write queue holds
 * @param queueBytes memory the write queue may hold (raw frames are megabytes)
 * @param writerThreads frame writer threads
 * @param jpegQuality quality when drivetape encodes JPEG itself
 * @param writerTimeoutMillis how long the writers get to finish the queue at the end
 * @param cameraLatencyMs a known camera latency: frame times are moved earlier by it
 */
public record RecordingSettings(Path dataRoot, String episodeId, Double durationS, int queueFrames,
                                long queueBytes, int writerThreads, int jpegQuality, long writerTimeoutMillis,
                                double cameraLatencyMs) {
}
