package drivetape.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A {@link FrameSource} read through FFmpeg (JavaCV's grabber): a V4L2 camera, a video file or the lavfi
 * test pattern. JPEG packets (MJPEG cameras and files) are copied out unchanged, never decoded; anything
 * else is decoded and converted to BGR24 by FFmpeg.
 */
final class FfmpegFrameSource implements FrameSource {
    enum Kind { TEST, DEVICE, FILE }

    /** A device time further than this from the arrival time is not on our clock, or was garbled. */
    private static final long MAX_FRAME_AGE_US = 60_000_000;
    private static final long MAX_FRAME_LEAD_US = 1_000_000;

    private final Kind kind;
    private final String source;
    private final int requestedWidth;
    private final int requestedHeight;
    private final double requestedFps;
    private final CloseGate gate = new CloseGate(this::release);
    private final Pacer pacer = new Pacer(gate);

    // Written by open() and read by next() on the capture thread; release() may run on the closing thread,
    // after the gate's CAS has ordered it behind the last call.
    private FFmpegFrameGrabber grabber;
    private FrameFormat format;
    private boolean passthrough;
    private int videoStream;
    private int timeBaseNum;
    private int timeBaseDen;
    private long frameIntervalUs;
    private long lastMediaUs = Long.MIN_VALUE;
    private ByteBuffer packetBytes;
    private BytePointer packetTarget;

    FfmpegFrameSource(Kind kind, String source, int width, int height, double fps) {
        this.kind = kind;
        this.source = source;
        this.requestedWidth = width;
        this.requestedHeight = height;
        this.requestedFps = fps;
    }

    @Override
    public FrameFormat open() throws CameraException {
        if (!gate.enter()) {
            throw new CameraException(describe() + " was closed before it opened");
        }
        FrameFormat opened;
        try {
            if (format != null) {
                throw new IllegalStateException(describe() + " is already open");
            }
            opened = switch (kind) {
                case TEST -> openTest();
                case DEVICE -> openDevice();
                case FILE -> openFile();
            };
            format = opened;
            frameIntervalUs = Math.round(1_000_000 / opened.fps());
        } catch (LinkageError e) {
            release();
            throw FfmpegErrors.loadFailure(e);
        } finally {
            if (gate.exit()) {
                opened = null;
            }
        }
        if (opened == null) {
            throw new CameraException(describe() + " was closed while it was opening");
        }
        return opened;
    }

    private FrameFormat openTest() throws CameraException {
        requireDeviceSupport();
        // Without "realtime" lavfi produces frames as fast as it can.
        FFmpegFrameGrabber g = new FFmpegFrameGrabber("testsrc2=size=" + requestedWidth + "x" + requestedHeight
                + ":rate=" + rate(requestedFps) + ",realtime");
        g.setFormat("lavfi");
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        try {
            grabber = start(g);
        } catch (FrameGrabber.Exception e) {
            throw new CameraException("cannot start the test pattern at " + requestedWidth + "x" + requestedHeight
                    + " and " + rate(requestedFps) + " fps (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        return new FrameFormat(source, g.getImageWidth(), g.getImageHeight(), requestedFps, "bgr24", false);
    }

    private FrameFormat openDevice() throws CameraException {
        requireDeviceSupport();
        if (Files.isDirectory(Path.of(source))) {
            throw new CameraException(source + " is a directory, not a camera device: use /dev/videoN");
        }
        try {
            grabber = start(deviceGrabber(true));
            passthrough = true;
        } catch (FrameGrabber.Exception e) {
            int code = FfmpegErrors.errorCode(e);
            if (code != -FfmpegErrors.EINVAL) {
                throw FfmpegErrors.deviceOpenFailure(source, code, requestedWidth, requestedHeight, e);
            }
            // The driver refused MJPEG: take raw frames, converted to BGR by FFmpeg.
            try {
                grabber = start(deviceGrabber(false));
                passthrough = false;
            } catch (FrameGrabber.Exception raw) {
                throw FfmpegErrors.deviceOpenFailure(source, FfmpegErrors.errorCode(raw),
                        requestedWidth, requestedHeight, raw);
            }
        }
        useVideoStream(firstVideoStream(grabber.getFormatContext()));
        return new FrameFormat(source, grabber.getImageWidth(), grabber.getImageHeight(), nominalFps(),
                passthrough ? "mjpeg" : "bgr24", true);
    }

    private FFmpegFrameGrabber deviceGrabber(boolean mjpeg) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
        g.setFormat("video4linux2");
        // Options, not setImageWidth/Height: those would make JavaCV rescale when the driver picks another size.
        g.setOption("video_size", requestedWidth + "x" + requestedHeight);
        g.setOption("framerate", rate(requestedFps));
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

    private FrameFormat openFile() throws CameraException {
        Path path = Path.of(source);
        if (!Files.exists(path)) {
            throw FfmpegErrors.fileOpenFailure(source, -FfmpegErrors.ENOENT, null);
        }
        if (Files.isDirectory(path)) {
            throw FfmpegErrors.fileOpenFailure(source, -FfmpegErrors.EISDIR, null);
        }
        if (!Files.isRegularFile(path)) {
            throw new CameraException(source + " is neither a video file nor a camera device:"
                    + " give a video file, /dev/videoN or 'test'");
        }
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(source);
        g.setPixelFormat(AV_PIX_FMT_BGR24);
        try {
            grabber = start(g);
        } catch (FrameGrabber.Exception e) {
            throw FfmpegErrors.fileOpenFailure(source, FfmpegErrors.errorCode(e), e);
        }
        int stream = firstVideoStream(g.getFormatContext());
        if (stream < 0 || !g.hasVideo()) {
            release();
            throw new CameraException(source + " has no video stream: give a video file");
        }
        useVideoStream(stream);
        passthrough = g.getFormatContext().streams(stream).codecpar().codec_id() == AV_CODEC_ID_MJPEG;
        return new FrameFormat(source, g.getImageWidth(), g.getImageHeight(), nominalFps(),
                passthrough ? "mjpeg" : "bgr24", false);
    }

    @Override
    public boolean next(GrabbedFrame frame) throws CameraException {
        if (!gate.enter()) {
            return false;
        }
        boolean delivered = false;
        try {
            if (format == null) {
                throw new IllegalStateException("open() the frame source before reading it");
            }
            if (grabber != null && !gate.closeRequested()) {
                delivered = passthrough ? nextPacket(frame) : nextImage(frame);
            }
        } finally {
            // close() came from another thread during the read: the frame may point at freed buffers.
            if (gate.exit()) {
                delivered = false;
            }
        }
        return delivered;
    }

    private boolean nextPacket(GrabbedFrame frame) throws CameraException {
        while (true) {
            AVPacket packet = grabPacket();
            long received = System.nanoTime();
            if (packet == null) {
                return endOfStream();
            }
            long mediaUs;
            try {
                int size = packet.size();
                // Other streams (audio), AVI's empty filler chunks, buffers the driver flagged as corrupt.
                if (packet.stream_index() != videoStream || size <= 0) {
                    continue;
                }
                long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                mediaUs = pts == AV_NOPTS_VALUE ? Long.MIN_VALUE : toMicros(pts, timeBaseNum, timeBaseDen);
                copy(packet, size);
            } finally {
                av_packet_unref(packet);
            }
            return deliver(frame, packetBytes, true, format.width(), format.height(), 0, mediaUs, received);
        }
    }

    private boolean nextImage(GrabbedFrame frame) throws CameraException {
        Frame image;
        try {
            image = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            if (gate.closeRequested()) {
                return false;
            }
            throw FfmpegErrors.readFailure(describe(), e);
        }
        long received = System.nanoTime();
        if (image == null || image.image == null) {
            return endOfStream();
        }
        ByteBuffer pixels = (ByteBuffer) image.image[0];
        pixels.limit(Math.min(image.imageStride * image.imageHeight, pixels.capacity())).position(0);
        // JavaCV's timestamp: the frame's best-effort pts in microseconds, not shifted by start_time.
        return deliver(frame, pixels, false, image.imageWidth, image.imageHeight, image.imageStride,
                image.timestamp, received);
    }

    private boolean deliver(GrabbedFrame frame, ByteBuffer data, boolean jpeg, int width, int height, int stride,
                            long mediaUs, long received) {
        if (kind == Kind.FILE) {
            long dueUs = mediaUs != Long.MIN_VALUE ? mediaUs
                    : lastMediaUs == Long.MIN_VALUE ? 0 : lastMediaUs + frameIntervalUs;
            lastMediaUs = dueUs;
            if (!pacer.awaitDue(dueUs)) {
                return false;
            }
            received = System.nanoTime(); // a replayed frame arrives when it is due
        }
        frame.data = data;
        frame.jpeg = jpeg;
        frame.width = width;
        frame.height = height;
        frame.stride = stride;
        frame.receiveNanoTime = received;
        frame.deviceTimestampUs = kind == Kind.DEVICE ? onHostClockOrUnknown(mediaUs, received) : Long.MIN_VALUE;
        return true;
    }

    private AVPacket grabPacket() throws CameraException {
        try {
            return grabber.grabPacket();
        } catch (FrameGrabber.Exception e) {
            if (gate.closeRequested()) {
                return null;
            }
            throw FfmpegErrors.readFailure(describe(), e);
        }
    }

    private boolean endOfStream() throws CameraException {
        if (kind == Kind.FILE || gate.closeRequested()) {
            return false;
        }
        throw new CameraException(kind == Kind.DEVICE
                ? "camera " + source + " stopped sending frames (unplugged?): check the cable and start again"
                : "the test pattern stopped unexpectedly");
    }

    private void copy(AVPacket packet, int size) {
        if (packetBytes == null || packetBytes.capacity() < size) {
            int previous = packetBytes == null ? format.width() * format.height() : packetBytes.capacity();
            packetBytes = ByteBuffer.allocateDirect(Math.max(size, Math.max(64 * 1024, 2 * previous)));
            packetTarget = new BytePointer(packetBytes);
        }
        Pointer.memcpy(packetTarget, packet.data(), size);
        packetBytes.limit(size).position(0);
    }

    /** Stops streaming; safe from any thread (see {@link CloseGate}). */
    @Override
    public void close() {
        gate.close();
    }

    private void release() {
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        releaseQuietly(g);
    }

    private void useVideoStream(int stream) {
        videoStream = stream;
        AVStream st = grabber.getFormatContext().streams(stream);
        timeBaseNum = st.time_base().num();
        timeBaseDen = st.time_base().den();
    }

    private double nominalFps() {
        double fps = grabber.getFrameRate();
        return fps > 0 && fps <= 1000 ? fps : requestedFps;
    }

    private String describe() {
        return switch (kind) {
            case TEST -> "the test pattern";
            case DEVICE -> "camera " + source;
            case FILE -> "video file " + source;
        };
    }

    static long toMicros(long pts, int num, int den) {
        if (num == 1 && den == 1_000_000) {
            return pts; // V4L2's time base: no arithmetic that could overflow on a long-running host
        }
        return pts / den * num * 1_000_000L + pts % den * num * 1_000_000L / den;
    }

    /** The device time when it is on System.nanoTime()'s clock (CLOCK_MONOTONIC), else unknown. */
    static long onHostClockOrUnknown(long deviceUs, long receivedNanos) {
        if (deviceUs == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long ageUs = receivedNanos / 1000 - deviceUs;
        return ageUs >= -MAX_FRAME_LEAD_US && ageUs <= MAX_FRAME_AGE_US ? deviceUs : Long.MIN_VALUE;
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

    private static String rate(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

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

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        if (g == null) {
            return;
        }
        try {
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing: nothing is left to do about a failure to free.
        }
    }
}
