package drivetape.bench;

import java.util.Locale;

/**
 * One run of the matrix: which recorder, which camera path, what size and rate, for how long.
 *
 * @param pipeline drivetape, the design-note baseline, or the camera source alone (to price the synthetic
 *     test pattern, which a real camera does not cost)
 * @param camera MJPEG passed through (a pre-encoded file replayed in real time, as a USB webcam sends it) or
 *     raw frames drivetape encodes (FFmpeg's test pattern)
 * @param syncToDevice drivetape only: push the episode's files to the device (fsync) at least once a second,
 *     as {@code drivetape record} does; off only to price it
 */
public record BenchCell(Pipeline pipeline, CameraPath camera, int width, int height, double fps, double seconds,
                        boolean syncToDevice) {

    public enum Pipeline { DRIVETAPE, BASELINE, SOURCE }

    public enum CameraPath { PASSTHROUGH, ENCODE }

    /** A cell recorded as {@code drivetape record} does (files synced to the device). */
    public BenchCell(Pipeline pipeline, CameraPath camera, int width, int height, double fps, double seconds) {
        this(pipeline, camera, width, height, fps, seconds, true);
    }

    /** The same cell with the device sync off. */
    BenchCell withoutSync() {
        return new BenchCell(pipeline, camera, width, height, fps, seconds, false);
    }

    String resolution() {
        return width + "x" + height;
    }

    /** Camera path, size and rate: what a drivetape cell and its baseline (or sync-off) twin share. */
    String shape() {
        return String.format(Locale.ROOT, "%-11s %9s@%-3s", camera.name().toLowerCase(Locale.ROOT), resolution(),
                fpsText());
    }

    String label() {
        return String.format(Locale.ROOT, "%-9s %s", pipeline.name().toLowerCase(Locale.ROOT), shape())
                + (syncToDevice ? "" : " sync-off");
    }

    String fpsText() {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }
}
