package drivetape.camera;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A {@link FrameSource} read through FFmpeg (JavaCV's grabber): a V4L2 camera, an IP camera's MJPEG stream,
 * a video file or the lavfi test pattern. JPEG packets (MJPEG cameras, streams and files) are copied out
 * unchanged, never decoded; anything else is decoded and converted to BGR24 by FFmpeg.
 */
final class FfmpegFrameSource implements FrameSource {
    enum Kind { TEST, DEVICE, FILE, STREAM }

    /** A device time further than this from the arrival time is not on our clock, or was garbled. */
    private static final long MAX_FRAME_AGE_US = 60_000_000;
    private static final long MAX_FRAME_LEAD_US = 1_000_000;

    private final Kind kind;
    private final String source;
    /** The source as messages show it (a stream URL's password left out). */
    private final String shown;
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
        this.shown = FrameSources.withoutPassword(source);
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
            FfmpegInputs.Input input = switch (kind) {
                case TEST -> FfmpegInputs.openTest(source, requestedWidth, requestedHeight, requestedFps);
                case DEVICE -> FfmpegInputs.openDevice(source, requestedWidth, requestedHeight, requestedFps);
                case FILE -> FfmpegInputs.openFile(source, requestedFps);
                case STREAM -> FfmpegInputs.openStream(source, requestedFps);
            };
            grabber = input.grabber();
            passthrough = input.passthrough();
            videoStream = input.videoStream();
            timeBaseNum = input.timeBaseNum();
            timeBaseDen = input.timeBaseDen();
            opened = input.format();
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
                if (kind == Kind.STREAM && !startsLikeJpeg(packet, size)) {
                    throw FfmpegErrors.notMjpeg(shown, "a part of the stream is not a JPEG");
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
            throw FfmpegErrors.readFailure(describe(), readFailureAdvice(), e);
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
        // The test pattern is paced like a file, from the first read: lavfi's own "realtime" filter paces
        // from open() and so bursts out the frames due between opening and the first read.
        if (kind == Kind.FILE || kind == Kind.TEST) {
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
            throw FfmpegErrors.readFailure(describe(), readFailureAdvice(), e);
        }
    }

    private boolean endOfStream() throws CameraException {
        if (kind == Kind.FILE || gate.closeRequested()) {
            return false;
        }
        throw new CameraException(switch (kind) {
            case DEVICE -> "camera " + source + " stopped sending frames (unplugged?): check the cable and start again";
            case STREAM -> "camera stream " + shown + " ended or went silent: check the camera's power and network;"
                    + " drivetape reconnects when it answers again";
            default -> "the test pattern stopped unexpectedly";
        });
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
        FfmpegInputs.releaseQuietly(g);
    }

    private String readFailureAdvice() {
        return switch (kind) {
            case TEST -> "this is a bug in drivetape";
            case DEVICE -> "check the cable and start again";
            case FILE -> "the file may be damaged; try another";
            case STREAM -> "check the camera's power and network";
        };
    }

    private String describe() {
        return switch (kind) {
            case TEST -> "the test pattern";
            case DEVICE -> "camera " + source;
            case FILE -> "video file " + source;
            case STREAM -> "camera stream " + shown;
        };
    }

    /** A JPEG starts with the SOI marker FF D8. */
    private static boolean startsLikeJpeg(AVPacket packet, int size) {
        BytePointer data = packet.data();
        return size >= 2 && (data.get(0) & 0xFF) == 0xFF && (data.get(1) & 0xFF) == 0xD8;
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
}
