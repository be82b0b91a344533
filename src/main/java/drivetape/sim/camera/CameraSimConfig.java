package drivetape.sim.camera;

import drivetape.sim.TimeRange;
import java.util.List;

/**
 * How the simulated IP camera behaves.
 *
 * @param fps        frames per second, by true time
 * @param width      frame width in pixels (even, at least {@value #MIN_WIDTH})
 * @param height     frame height in pixels (even, at least {@value #MIN_HEIGHT})
 * @param latencyMs  a frame whose exposure is centred on true time T is sent at T + latency
 * @param exposureMs how long each exposure lasts, centred on T; the LED spot shows the fraction of it
 *                   during which the LED was lit
 * @param outages    true-time ranges during which the camera is gone: its clients are dropped, new
 *                   connections refused, and the frames due to be sent then are never sent
 */
public record CameraSimConfig(double fps, int width, int height, double latencyMs, double exposureMs,
                              List<TimeRange> outages) {
    public static final int MIN_WIDTH = 160;
    public static final int MIN_HEIGHT = 120;
    public static final double DEFAULT_FPS = 30;
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 360;
    public static final double DEFAULT_LATENCY_MS = 40;
    public static final double DEFAULT_EXPOSURE_MS = 2;

    public CameraSimConfig {
        require(fps > 0 && fps <= 240, "camera fps must be > 0 and <= 240, was " + fps);
        require(width >= MIN_WIDTH && height >= MIN_HEIGHT && width <= 3840 && height <= 2160
                && width % 2 == 0 && height % 2 == 0,
                "camera size must be even, from 160x120 to 3840x2160, was " + width + "x" + height);
        require(exposureMs > 0 && exposureMs * fps < 1000,
                "camera exposure must be > 0 ms and shorter than a frame, was " + exposureMs);
        require(latencyMs >= exposureMs / 2 && latencyMs <= 10_000,
                "camera latency must be at least half the exposure (a frame is sent after it is exposed) "
                        + "and at most 10000 ms, was " + latencyMs);
        outages = List.copyOf(outages);
    }

    /** A camera that never goes away. */
    public CameraSimConfig(double fps, int width, int height, double latencyMs, double exposureMs) {
        this(fps, width, height, latencyMs, exposureMs, List.of());
    }

    /** The same camera, gone during {@code ranges}. */
    public CameraSimConfig withOutages(List<TimeRange> ranges) {
        return new CameraSimConfig(fps, width, height, latencyMs, exposureMs, ranges);
    }

    public static CameraSimConfig defaults() {
        return new CameraSimConfig(DEFAULT_FPS, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_LATENCY_MS, DEFAULT_EXPOSURE_MS);
    }

    public long periodNanos() {
        return Math.round(1e9 / fps);
    }

    public long latencyNanos() {
        return Math.round(latencyMs * 1e6);
    }

    public long exposureNanos() {
        return Math.round(exposureMs * 1e6);
    }

    /** Frame n's exposure is centred on n frame periods after time 0 (true nanoseconds since the origin). */
    public long exposureMiddleNanos(long frame) {
        return Math.round(frame * 1e9 / fps);
    }

    /** When frame n is sent: the middle of its exposure plus the latency. */
    public long sendNanos(long frame) {
        return exposureMiddleNanos(frame) + latencyNanos();
    }

    /** Whether the camera is gone at {@code nanos} of true time since the origin. */
    public boolean inOutage(long nanos) {
        for (TimeRange range : outages) {
            if (range.contains(nanos / 1e9)) {
                return true;
            }
        }
        return false;
    }

    /** The first frame whose exposure has not started by {@code nanos}. */
    public long firstFrameAfter(long nanos) {
        long frame = Math.max(0, (long) Math.floor((nanos + exposureNanos() / 2.0) * fps / 1e9));
        while (exposureMiddleNanos(frame) - exposureNanos() / 2 <= nanos) {
            frame++;
        }
        return frame;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
