package drivetape.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Opens the FFmpeg input behind each kind of source, turning open failures into one-line messages. */
final class FfmpegInputs {
    /** How long a network camera may stay silent, opening or streaming, before it counts as gone. */
    static final long STREAM_TIMEOUT_US = 3_000_000;

    /**
     * A started grabber and how to read it.
     *
     * @param passthrough true when the video stream's packets are whole JPEGs to copy out unchanged
     * @param videoStream the stream index of the video packets (passthrough reads every packet)
     * @param timeBaseNum the video stream's time base, for packet pts
     */
    record Input(FFmpegFrameGrabber grabber, FrameFormat format, boolean passthrough, int videoStream,
                 int timeBaseNum, int timeBaseDen) {
    }

    private FfmpegInputs() {
    }

    static Input openTest(String source, int width, int height, double fps) throws CameraException {
        requireDeviceSupport();
        // lavfi makes frames as fast as they are read; FfmpegFrameSource paces them in real time.
        FFmpegFrameGrabber g = new FFmpegFrameGrabber("testsrc2=size=" + width + "x" + height
                + ":rate=" + rate(fps));
        g.setFormat("lavfi");
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        try {
            start(g);
        } catch (FrameGrabber.Exception e) {
            throw new CameraException("cannot start the test pattern at " + width + "x" + height + " and "
                    + rate(fps) + " fps (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        return input(g, new FrameFormat(source, g.getImageWidth(), g.getImageHeight(), fps, "bgr24", false), false);
    }

    /** MJPEG when the camera offers it (JPEG bytes passed through), else raw frames converted to BGR. */
    static Input openDevice(String device, int width, int height, double fps) throws CameraException {
        requireDeviceSupport();
        if (Files.isDirectory(Path.of(device))) {
            throw new CameraException(device + " is a directory, not a camera device: use /dev/videoN");
        }
        FFmpegFrameGrabber g;
        boolean mjpeg = true;
        try {
            g = start(deviceGrabber(device, width, height, fps, true));
        } catch (FrameGrabber.Exception e) {
            int code = FfmpegErrors.errorCode(e);
            if (code != -FfmpegErrors.EINVAL) {
                throw FfmpegErrors.deviceOpenFailure(device, code, width, height, e);
            }
            // EINVAL: the driver refused MJPEG. Take raw frames, converted to BGR by FFmpeg.
            mjpeg = false;
            try {
                g = start(deviceGrabber(device, width, height, fps, false));
            } catch (FrameGrabber.Exception raw) {
                throw FfmpegErrors.deviceOpenFailure(device, FfmpegErrors.errorCode(raw), width, height, raw);
            }
        }
        FrameFormat format = new FrameFormat(device, g.getImageWidth(), g.getImageHeight(), nominalFps(g, fps),
                mjpeg ? "mjpeg" : "bgr24", true);
        return input(g, format, mjpeg);
    }

    private static FFmpegFrameGrabber deviceGrabber(String device, int width, int height, double fps,
                                                    boolean mjpeg) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(device);
        g.setFormat("video4linux2");
        // Options, not setImageWidth/Height: those would make JavaCV rescale when the driver picks another size.
        g.setOption("video_size", width + "x" + height);
        g.setOption("framerate", rate(fps));
        // The kernel's buffer timestamps (CLOCK_MONOTONIC, as System.nanoTime()), not a wall-clock conversion.
        g.setOption("timestamps", "default");
        if (mjpeg) {
            g.setOption("input_format", "mjpeg");
            // RAW keeps JavaCV from also asking for pixel_format=bgr24, the same V4L2 setting as input_format.
            g.setImageMode(FrameGrabber.ImageMode.RAW);
        } else {
            g.setPixelFormat(AV_PIX_FMT_BGR24);
        }
        return g;
    }

    /** Any file FFmpeg can read; MJPEG is passed through, other codecs decoded to BGR. */
    static Input openFile(String file, double fallbackFps) throws CameraException {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            throw FfmpegErrors.fileOpenFailure(file, -FfmpegErrors.ENOENT, null);
        }
        if (Files.isDirectory(path)) {
            throw FfmpegErrors.fileOpenFailure(file, -FfmpegErrors.EISDIR, null);
        }
        if (!Files.isRegularFile(path)) {
            throw new CameraException(file + " is neither a video file nor a camera device:"
                    + " give a video file, /dev/videoN or 'test'");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file);
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        try {
            start(g);
        } catch (FrameGrabber.Exception e) {
            throw FfmpegErrors.fileOpenFailure(file, FfmpegErrors.errorCode(e), e);
        }
        int stream = firstVideoStream(g.getFormatContext());
        if (stream < 0 || !g.hasVideo()) {
            releaseQuietly(g);
            throw new CameraException(file + " has no video stream: give a video file");
        }
        boolean mjpeg = g.getFormatContext().streams(stream).codecpar().codec_id() == AV_CODEC_ID_MJPEG;
        FrameFormat format = new FrameFormat(file, g.getImageWidth(), g.getImageHeight(),
                nominalFps(g, fallbackFps), mjpeg ? "mjpeg" : "bgr24", false);
        return input(g, format, mjpeg);
    }

    /**
     * An IP camera's MJPEG stream: {@code http(s)://} through FFmpeg's multipart demuxer (mpjpeg, what
     * ESP32-CAMs and phone webcam apps serve as multipart/x-mixed-replace), {@code rtsp://} through the RTSP
     * demuxer. Packets are passed through, never decoded; the size is the stream's, the rate {@code
     * fallbackFps} unless an RTSP camera announces one (a multipart stream never does).
     */
    static Input openStream(String url, double fallbackFps) throws CameraException {
        requireDeviceSupport();
        String shown = FrameSources.withoutPassword(url);
        boolean rtsp = isRtsp(url);
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        g.setFormat(rtsp ? "rtsp" : "mpjpeg");
        String timeoutUs = Long.toString(STREAM_TIMEOUT_US);
        // A camera that is off or gone must fail the open (and a read) within seconds, never hang it: for
        // http this is the connect and socket timeout, for rtsp the socket I/O timeout; rw_timeout bounds
        // every read of the protocol underneath either.
        g.setOption("timeout", timeoutUs);
        g.setOption("rw_timeout", timeoutUs);
        // Each packet is stamped when it is read, so none may wait in a buffer: nobuffer drops what
        // avformat_find_stream_info read instead of handing it out later (a stale burst at the start), and
        // the small probe stops that after the first JPEG, which is enough for the size.
        g.setOption("fflags", "nobuffer");
        g.setOption("probesize", "32");
        g.setOption("analyzeduration", "0");
        g.setImageMode(FrameGrabber.ImageMode.RAW);
        try {
            start(g);
        } catch (FrameGrabber.Exception e) {
            throw FfmpegErrors.streamOpenFailure(shown, FfmpegErrors.errorCode(e), e);
        }
        int stream = firstVideoStream(g.getFormatContext());
        if (stream < 0) {
            releaseQuietly(g);
            throw FfmpegErrors.notMjpeg(shown, "it has no video");
        }
        int codec = g.getFormatContext().streams(stream).codecpar().codec_id();
        if (codec != AV_CODEC_ID_MJPEG || g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            String name = avcodec.avcodec_get_name(codec).getString();
            releaseQuietly(g);
            throw FfmpegErrors.notMjpeg(shown, codec == AV_CODEC_ID_MJPEG ? "its frames do not decode as JPEG"
                    : "it carries " + name);
        }
        // mpjpeg knows no rate and FFmpeg then reports its made-up 25; an RTSP camera may announce one.
        AVRational announced = g.getFormatContext().streams(stream).avg_frame_rate();
        double fps = rtsp && announced.num() > 0 && announced.den() > 0
                && announced.num() / (double) announced.den() <= 1000 ? announced.num() / (double) announced.den()
                : fallbackFps;
        FrameFormat format = new FrameFormat(shown, g.getImageWidth(), g.getImageHeight(), fps, "mjpeg", false);
        return input(g, format, true);
    }

    /** An RTSP camera rather than an HTTP stream. */
    static boolean isRtsp(String url) {
        return url.regionMatches(true, 0, "rtsp:", 0, 5);
    }

    static void releaseQuietly(FFmpegFrameGrabber g) {
        if (g == null) {
            return;
        }
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing: nothing is left to do about a failure to free.
        }
    }

    private static Input input(FFmpegFrameGrabber g, FrameFormat format, boolean passthrough) {
        int stream = Math.max(0, firstVideoStream(g.getFormatContext()));
        AVStream video = g.getFormatContext().streams(stream);
        return new Input(g, format, passthrough, stream, video.time_base().num(), video.time_base().den());
    }

    private static int firstVideoStream(AVFormatContext context) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            // Cover art in MP4/MKV is an MJPEG "video" stream of one picture.
            if (stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO
                    && (stream.disposition() & AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static double nominalFps(FFmpegFrameGrabber g, double fallback) {
        double fps = g.getFrameRate();
        return fps > 0 && fps <= 1000 ? fps : fallback;
    }

    private static String rate(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

    /** lavfi and V4L2 live in libavdevice, which links system libraries that minimal installs may lack. */
    private static void requireDeviceSupport() throws CameraException {
        try {
            FFmpegFrameGrabber.tryLoad();
        } catch (FrameGrabber.Exception | LinkageError e) {
            throw FfmpegErrors.loadFailure(e);
        }
    }

    private static FFmpegFrameGrabber start(FFmpegFrameGrabber g) throws FrameGrabber.Exception {
        // FFmpeg prints its own account of an open error; the CameraException made from it replaces that.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        try {
            g.start();
            return g;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(g);
            throw e;
        } finally {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        }
    }
}
