package drivetape.episode;

import drivetape.camera.FrameFormat;
import drivetape.format.LatencySource;
import drivetape.timing.TimeBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What is fixed for the whole episode, for its files and metadata.json.
 *
 * @param timeBase the episode's time base: the session's monotonic clock, anchored at the episode's start
 * @param camera the camera as opened
 * @param jpegQuality the encoder quality when drivetape encodes JPEG itself, null for camera JPEG bytes
 * @param cameraLatency how frame times were corrected for the camera's latency
 * @param controller the controller as the episode starts
 * @param session the long-running session this episode is one of, or null for a single recording
 * @param writerSettings the write queue and writer settings, for metadata.json's {@code writer}
 */
public record EpisodeSpec(String episodeId, Path directory, TimeBase timeBase, FrameFormat camera,
                          Integer jpegQuality, CameraLatency cameraLatency, Controller controller,
                          SessionRef session, Map<String, Object> writerSettings) {

    public EpisodeSpec {
        writerSettings = Map.copyOf(writerSettings);
    }

    /**
     * @param latencyMs the latency frame times were moved earlier by
     * @param source where it came from
     */
    public record CameraLatency(double latencyMs, LatencySource source) {
        public static final CameraLatency NONE = new CameraLatency(0, LatencySource.NONE);

        public CameraLatency {
            if (!(latencyMs >= 0) || source == null) {
                throw new IllegalArgumentException("a camera latency is >= 0 ms and has a source");
            }
        }
    }

    /**
     * @param hello the hello line (with its '#'), or null when the board was heard only mid-stream
     * @param channels the control columns: the hello's channels, or the usual names when there was none
     * @param channelsFromHello whether the hello named them
     */
    public record Controller(String port, int baud, String hello, List<String> channels, boolean channelsFromHello) {
        public Controller {
            channels = List.copyOf(channels);
        }
    }

    /** metadata.json's {@code session}: {@code episodeIndex} counts from 0. */
    public record SessionRef(String id, int episodeIndex) {
    }
}
