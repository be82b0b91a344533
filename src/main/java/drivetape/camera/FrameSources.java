package drivetape.camera;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses the {@link FrameSource} for a {@code --camera} value. */
public final class FrameSources {
    /** The source string of the synthetic test pattern. */
    public static final String TEST = "test";
    /** URL schemes of network cameras, lower case with the colon and slashes. */
    private static final String[] STREAM_SCHEMES = {"http://", "https://", "rtsp://"};

    private FrameSources() {
    }

    /**
     * Returns the source for {@code source}, not yet opened (call {@link FrameSource#open()}):
     * <ul>
     *   <li>{@code "test"}: FFmpeg's moving test pattern (testsrc2), raw BGR frames paced in real time;
     *   <li>{@code /dev/video*} (or another device under /dev, such as /dev/v4l/by-id/...): a V4L2 camera,
     *       asked for MJPEG whose JPEG bytes are passed through unchanged, raw BGR only when it has none;
     *   <li>an {@code http://}, {@code https://} or {@code rtsp://} URL ({@link #isStreamUrl}): an IP camera's
     *       MJPEG stream (ESP32-CAM, a phone's webcam app), its JPEG bytes passed through unchanged and
     *       stamped on arrival; width and height are the stream's, fps is used when the stream gives none;
     *   <li>anything else that looks like a path: a video file replayed in real time at its own frame rate
     *       (MJPEG passed through, other codecs decoded to BGR); width, height and fps are ignored.
     * </ul>
     *
     * @throws CameraException when the string is none of these, or the size or rate is not positive
     */
    public static FrameSource open(String source, int width, int height, double fps) throws CameraException {
        if (width <= 0 || height <= 0) {
            throw new CameraException("camera size " + width + "x" + height
                    + " is not valid: give a width and height such as 640x360");
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new CameraException("camera frame rate " + fps + " is not valid: give a rate such as 30");
        }
        if (TEST.equals(source)) {
            return new FfmpegFrameSource(FfmpegFrameSource.Kind.TEST, source, width, height, fps);
        }
        if (isStreamUrl(source)) {
            return new FfmpegFrameSource(FfmpegFrameSource.Kind.STREAM, source, width, height, fps);
        }
        Path path = pathOrNull(source);
        if (path == null) {
            throw unknown(source);
        }
        // A device node (or a link to one); a regular file that happens to live under /dev (/dev/shm) is a file.
        if (source.startsWith("/dev/") && !Files.isRegularFile(path)) {
            return new FfmpegFrameSource(FfmpegFrameSource.Kind.DEVICE, source, width, height, fps);
        }
        if (Files.exists(path) || source.contains("/") || source.contains(".")) {
            return new FfmpegFrameSource(FfmpegFrameSource.Kind.FILE, source, width, height, fps);
        }
        throw unknown(source);
    }

    /** Whether {@code source} names a network camera: an http, https or rtsp URL (scheme in any case). */
    public static boolean isStreamUrl(String source) {
        if (source == null) {
            return false;
        }
        String lower = source.toLowerCase(Locale.ROOT);
        for (String scheme : STREAM_SCHEMES) {
            if (lower.startsWith(scheme)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stream URL as it may be shown and stored: a password in it ({@code http://user:secret@host/}) becomes
     * {@code ***}, so it reaches neither the terminal nor an episode's metadata. Other strings are unchanged.
     */
    public static String withoutPassword(String source) {
        if (!isStreamUrl(source)) {
            return source;
        }
        int start = source.indexOf("://") + 3;
        int end = source.indexOf('/', start);
        int at = source.lastIndexOf('@', end < 0 ? source.length() : end);
        int colon = source.indexOf(':', start);
        if (at < start || colon < 0 || colon > at) {
            return source;
        }
        return source.substring(0, colon + 1) + "***" + source.substring(at);
    }

    private static Path pathOrNull(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        try {
            return Path.of(source);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static CameraException unknown(String source) {
        return new CameraException("unknown camera source '" + source + "': use /dev/videoN for a V4L2 camera,"
                + " the path of a video file to replay, an http:// or rtsp:// URL of an IP camera's MJPEG stream,"
                + " or 'test' for the synthetic test pattern");
    }
}
