package drivetape.export.lerobot;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One MP4 of the camera key: H.264 (libopenh264, bundled with JavaCV's FFmpeg), yuv420p, a constant frame rate
 * with frame n at exactly n / fps, and LeRobot's short GOP so a random frame decodes fast. Frames come in as
 * the episodes' JPEGs, decoded with OpenCV (libjpeg-turbo); a frame shown twice in a row is decoded once.
 */
final class VideoFile implements Closeable {
    static final String CODEC = "h264";
    static final String PIXEL_FORMAT = "yuv420p";
    /** Bits per pixel per frame: with a GOP of 2 (half the frames are key frames) this keeps the road sharp. */
    private static final double BITS_PER_PIXEL = 0.15;

    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final int width;
    private final int height;
    private long frames;

    private VideoFile(FFmpegFrameRecorder recorder, int width, int height) {
        this.recorder = recorder;
        this.width = width;
        this.height = height;
    }

    static VideoFile create(Path file, int width, int height, int fps) throws IOException {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IOException("the camera's " + width + "x" + height + " frames cannot be H.264 yuv420p video,"
                    + " which needs an even width and height");
        }
        Files.createDirectories(file.getParent());
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libopenh264");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(LeRobotLayout.GOP);
        recorder.setVideoBitrate((int) Math.min(Integer.MAX_VALUE, BITS_PER_PIXEL * width * height * fps));
        // A skipped frame would shift every later one off its timestamp.
        recorder.setVideoOption("allow_skip_frames", "0");
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot start the H.264 encoder for " + file + ": " + e.getMessage(), e);
        }
        return new VideoFile(recorder, width, height);
    }

    /** Appends a frame (BGR, the video's size). */
    void add(Mat bgr) throws IOException {
        if (bgr.cols() != width || bgr.rows() != height) {
            throw new IOException("a " + bgr.cols() + "x" + bgr.rows() + " frame in a " + width + "x" + height
                    + " video");
        }
        Frame frame = converter.convert(bgr);
        try {
            recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
        } catch (FrameRecorder.Exception e) {
            throw new IOException("H.264 encoding failed: " + e.getMessage(), e);
        }
        frames++;
    }

    long frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        try {
            recorder.stop();
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish the video: " + e.getMessage(), e);
        }
    }

    /** Decodes JPEG files into BGR pixels, reusing one input buffer. */
    static final class JpegDecoder implements Closeable {
        private BytePointer input = new BytePointer(1 << 16);
        private Mat pixels;

        /** The file's pixels; valid until the next call. */
        Mat decode(Path jpeg) throws IOException {
            byte[] bytes = Files.readAllBytes(jpeg);
            if (input.capacity() < bytes.length) {
                input.close();
                input = new BytePointer(Math.max(bytes.length, 2 * input.capacity()));
            }
            input.position(0).put(bytes, 0, bytes.length);
            if (pixels != null) {
                pixels.close();
            }
            try (Mat encoded = new Mat(1, bytes.length, CV_8UC1, input)) {
                pixels = imdecode(encoded, IMREAD_COLOR);
            }
            if (pixels == null || pixels.empty()) {
                throw new IOException(jpeg + " is not a JPEG OpenCV can decode");
            }
            return pixels;
        }

        /** The pixels as a buffer (BGR, {@code step} bytes a row). */
        static ByteBuffer bytes(Mat bgr) {
            return bgr.data().capacity(bgr.step() * bgr.rows()).asByteBuffer();
        }

        @Override
        public void close() {
            if (pixels != null) {
                pixels.close();
            }
            input.close();
        }
    }
}
