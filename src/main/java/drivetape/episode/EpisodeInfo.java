package drivetape.episode;

import drivetape.camera.FrameFormat;
import drivetape.timing.TimeBase;
import java.nio.file.Path;

/**
 * What is fixed for the whole episode, for metadata.json.
 *
 * @param jpegQuality the encoder quality when drivetape encodes JPEG itself, null for camera JPEG bytes
 * @param cameraLatencyMs how long before its timestamp the camera exposed a frame (a known, measured
 *     latency); frame times are moved earlier by it
 */
public record EpisodeInfo(String episodeId, Path directory, TimeBase timeBase, FrameFormat camera,
                          Integer jpegQuality, double cameraLatencyMs, String controllerPort, int baud) {
}
