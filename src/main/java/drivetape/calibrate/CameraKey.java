package drivetape.calibrate;

import drivetape.camera.FrameFormat;

/**
 * Which camera a calibration is for: its latency depends on the device (or URL), the size and the rate
 * (a camera compresses and buffers differently at each), so all four must match.
 *
 * @param camera the {@code --camera} value as opened: a device path or a stream URL
 */
public record CameraKey(String camera, int width, int height, double fps) {
    /** Rates within this are the same rate (30 and 29.97 are not). */
    private static final double FPS_TOLERANCE = 0.005;

    public static CameraKey of(FrameFormat opened) {
        return new CameraKey(opened.source(), opened.width(), opened.height(), opened.fps());
    }

    public boolean matches(CameraKey other) {
        return camera.equals(other.camera) && width == other.width && height == other.height
                && Math.abs(fps - other.fps) <= FPS_TOLERANCE;
    }

    /** {@code /dev/video0 at 640x360, 30 fps}, for messages. */
    public String describe() {
        return camera + " at " + width + "x" + height + ", " + plain(fps) + " fps";
    }

    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
