package drivetape.camera;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_PROTOCOL_NOT_FOUND;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Turns FFmpeg's failures into one-line messages that say what to do.
 *
 * <p>JavaCV reports a failed {@code avformat_open_input} as an exception whose message carries FFmpeg's
 * return code ("avformat_open_input() error -2: Could not open input ..."): AVERROR(e) is -errno, so the
 * code says which device or file problem it was.
 */
final class FfmpegErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final int ENOSYS = 38;
    static final int ENETUNREACH = 101;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTUNREACH = 113;

    /**
     * Shared libraries JavaCV's FFmpeg takes from the system: libavdevice (V4L2, lavfi) links PulseAudio,
     * ALSA and XCB on both platforms; on linux-arm64 libavutil also links VA-API and DRM.
     */
    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "libpulse.so.0", "libpulse0",
            "libxcb.so.1", "libxcb1",
            "libxcb-shm.so.0", "libxcb-shm0",
            "libasound.so.2", "libasound2",
            "libdrm.so.2", "libdrm2",
            "libva.so.2", "libva2",
            "libva-drm.so.2", "libva-drm2");

    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");
    /** "…/libjniavdevice.so: libpulse.so.0: cannot open shared object file": the dependency, not the JNI stub. */
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib(?!jni)[\\w.+-]+\\.so[.\\d]*): ");

    private FfmpegErrors() {
    }

    /** FFmpeg's return code in a JavaCV exception message, or 0 when there is none. */
    static int errorCode(Throwable e) {
        Matcher m = ERROR_CODE.matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static CameraException deviceOpenFailure(String device, int code, int width, int height, Throwable e) {
        String message = switch (-code) {
            case ENOENT -> "camera " + device + " not found: check `ls /dev/video*` and the cable";
            case EBUSY -> "camera " + device + " is busy: another program is using it; close it and try again";
            case EACCES, EPERM -> "no permission to open camera " + device
                    + ": add yourself to the video group (sudo usermod -aG video $USER), then log in again";
            case ENODEV, ENOTTY, ENOSYS -> device + " is not a video capture device: pick another one"
                    + " (`v4l2-ctl --list-devices` lists each camera's capture node first)";
            case ENXIO, EIO -> "camera " + device + " is not responding (unplugged?): check the cable and try again";
            case EINVAL -> "camera " + device + " offers no format drivetape can read at " + width + "x" + height
                    + ": check `v4l2-ctl -d " + device + " --list-formats-ext` and pick a listed size";
            default -> "cannot open camera " + device + " (" + describe(code, e)
                    + "): check the cable and `v4l2-ctl --list-devices`";
        };
        return new CameraException(message, e);
    }

    static CameraException fileOpenFailure(String file, int code, Throwable e) {
        String message = switch (-code) {
            case ENOENT -> "video file " + file + " not found: check the path";
            case EACCES, EPERM -> "cannot read video file " + file + ": permission denied; check the file's permissions";
            case EISDIR -> file + " is a directory, not a video file: give the path of a video file";
            // JavaCV's own checks (no stream, no decoder) carry no FFmpeg code.
            case 0 -> file + " has no video stream FFmpeg can decode: give a video file (.mkv, .avi, .mp4, ...)";
            default -> file + " is not a readable video file (" + describe(code, e)
                    + "): give a video file FFmpeg can play (.mkv, .avi, .mp4, ...)";
        };
        return new CameraException(message, e);
    }

    static CameraException streamOpenFailure(String url, int code, Throwable e) {
        String message;
        if (code == avutil.AVERROR_HTTP_NOT_FOUND) {
            message = "camera stream " + url + " not found (HTTP 404): check the path in the URL; ESP32-CAM"
                    + " serves http://ADDRESS:81/stream";
        } else if (code == avutil.AVERROR_HTTP_UNAUTHORIZED || code == avutil.AVERROR_HTTP_FORBIDDEN) {
            message = "camera stream " + url + " refused access (HTTP " + (code == avutil.AVERROR_HTTP_FORBIDDEN
                    ? "403" : "401") + "): put the user and password in the URL, http://USER:PASSWORD@ADDRESS/...";
        } else if (code == avutil.AVERROR_HTTP_BAD_REQUEST || code == avutil.AVERROR_HTTP_OTHER_4XX
                || code == avutil.AVERROR_HTTP_TOO_MANY_REQUESTS || code == avutil.AVERROR_HTTP_SERVER_ERROR) {
            message = "camera stream " + url + " answered with an HTTP error (" + describe(code, e)
                    + "): check the URL in a browser; another viewer may hold the camera's only stream";
        } else if (code == AVERROR_INVALIDDATA) {
            message = notMjpegMessage(url, "FFmpeg does not recognise what it sends");
        } else if (code == AVERROR_EOF && !FfmpegInputs.isRtsp(url)) {
            // The multipart demuxer read the whole answer (a web page, a single picture) without a part.
            message = notMjpegMessage(url, "its answer holds no multipart JPEG parts");
        } else if (code == AVERROR_PROTOCOL_NOT_FOUND) {
            message = "cannot open camera stream " + url + ": this FFmpeg has no support for its protocol;"
                    + " use http:// or rtsp://";
        } else {
            message = switch (-code) {
                case ECONNREFUSED -> "camera stream " + url + " refused the connection: check that the camera"
                        + " is on and the address and port are right";
                case ETIMEDOUT -> "camera stream " + url + " did not answer within "
                        + FfmpegInputs.STREAM_TIMEOUT_US / 1_000_000 + " s: check that the camera is on and on"
                        + " this network (ping its address)";
                case EHOSTUNREACH, ENETUNREACH -> "camera stream " + url + " is unreachable: check that this"
                        + " machine is on the camera's network";
                // FFmpeg's tcp reports a name that does not resolve as EIO.
                case EIO -> "cannot reach camera stream " + url + ": check the address (does its host name"
                        + " resolve?) and that the camera is on";
                default -> "cannot open camera stream " + url + " (" + describe(code, e)
                        + "): check the URL in a browser or with ffplay";
            };
        }
        return new CameraException(message, e);
    }

    /** The URL answered, but not with MJPEG; {@code why} says what it sent instead. */
    static CameraException notMjpeg(String url, String why) {
        return new CameraException(notMjpegMessage(url, why));
    }

    private static String notMjpegMessage(String url, String why) {
        return url + " is not an MJPEG stream (" + why + "): give the camera's MJPEG stream URL (ESP32-CAM:"
                + " http://ADDRESS:81/stream) or set the camera to MJPEG";
    }

    /** A failure while streaming, after a successful open; {@code advice} says what to do. */
    static CameraException readFailure(String what, String advice, Throwable e) {
        return new CameraException(what + " failed while reading (" + firstSentence(e) + "): " + advice, e);
    }

    /**
     * FFmpeg's device support did not load: JavaCV's libavdevice links a few system libraries (PulseAudio,
     * ALSA, XCB) that minimal installs lack. Name the missing one and its package.
     */
    static CameraException loadFailure(Throwable e) {
        // After a failed class initialisation the JVM only says "Could not initialize class"; JavaCV keeps
        // the original failure, which names the missing library.
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (FrameGrabber.Exception | LinkageError original) {
            if (original != e) {
                original.addSuppressed(e);
                e = original;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = MISSING_LIBRARY.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                String library = m.group(1);
                String pkg = DEBIAN_PACKAGES.getOrDefault(library, "the package that provides " + library);
                return new CameraException("FFmpeg's camera support needs the system library " + library
                        + ": install it (sudo apt install " + pkg + ") and try again", e);
            }
        }
        return new CameraException("FFmpeg's camera support did not load (" + firstSentence(e)
                + "): reinstall drivetape", e);
    }

    private static String describe(int code, Throwable e) {
        if (code == AVERROR_INVALIDDATA) {
            return "FFmpeg does not recognise its contents";
        }
        if (code == 0) {
            return firstSentence(e);
        }
        try (BytePointer text = new BytePointer(256)) {
            if (avutil.av_strerror(code, text, text.capacity()) != 0) {
                return "FFmpeg error " + code;
            }
            // The pointer's limit is the whole buffer: the message ends at its NUL, not there.
            String message = text.getString();
            int end = message.indexOf('\0');
            return end >= 0 ? message.substring(0, end) : message;
        }
    }

    /** JavaCV's message up to its first sentence: the rest is advice for JavaCV developers. */
    private static String firstSentence(Throwable e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        int end = message.indexOf(". ");
        return end > 0 ? message.substring(0, end) : message;
    }
}
