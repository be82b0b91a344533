package drivetape.camera;

/**
 * What a source delivers, as opened.
 *
 * @param source what was opened ("/dev/video0", "test", a file path), for metadata
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps the nominal frame rate the source was opened at
 * @param inputFormat "mjpeg" when frames arrive as JPEG bytes (stored unchanged), else the raw pixel
 *     format name (e.g. "bgr24"), in which case the writer encodes JPEG
 * @param hasDeviceTimestamps true when {@link GrabbedFrame#deviceTimestampUs} carries the driver's
 *     buffer timestamp (V4L2; a frame whose stamp is unusable still reports MIN_VALUE), false when only the
 *     arrival time is known (test pattern, file replay)
 */
public record FrameFormat(String source, int width, int height, double fps, String inputFormat,
                          boolean hasDeviceTimestamps) {

    public boolean isJpeg() {
        return "mjpeg".equals(inputFormat);
    }
}
