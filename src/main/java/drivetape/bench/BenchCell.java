package drivetape.bench;

import java.util.Locale;

/**
 * One run of the matrix: which recorder, which camera path, what size and rate, for how long.
 *
 * @param pipeline drivetape, the design-note baseline, or the camera source alone (to price the synthetic
 *     test pattern, which a real camera does not cost)
 * @param camera MJPEG passed through (a pre-encoded file replayed in real time, as a USB webcam sends it) or
 *     raw frames drivetape encodes (FFmpeg's test pattern)
 */
public record BenchCell(Pipeline pipeline, CameraPath camera, int width, int height, double fps, double seconds) {

    public enum Pipeline { DRIVETAPE, BASELINE, SOURCE }

    public enum CameraPath { PASSTHROUGH, ENCODE }

    String resolution() {
        return width + "x" + height;
    }

    String label() {
        return String.format(Locale.ROOT, "%-9s %-11s %9s@%-3s", pipeline.name().toLowerCase(Locale.ROOT),
                camera.name().toLowerCase(Locale.ROOT), resolution(), fpsText());
    }

    String fpsText() {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }
}
