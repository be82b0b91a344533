package drivetape.session;

import drivetape.camera.FrameFormat;
import drivetape.episode.EpisodeSpec;

/**
 * Decides the camera latency frame times are corrected by, once the camera is open: a stored calibration is
 * for one camera at one size and rate, and those are known only then.
 */
@FunctionalInterface
public interface CameraLatencyChoice {
    EpisodeSpec.CameraLatency choose(FrameFormat opened);

    /** Always the same latency, whatever camera opened. */
    static CameraLatencyChoice fixed(EpisodeSpec.CameraLatency latency) {
        return opened -> latency;
    }
}
