package drivetape.camera;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes small video files for the tests, each frame a solid colour, at chosen timestamps. */
final class TestVideos {
    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final double FPS = 10;

    static {
        // The recorder reports every file it writes; the tests only want FFmpeg's errors.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private TestVideos() {
    }

    /** The solid colour of frame {@code index}, as B, G, R. */
    static int[] bgrOf(int index) {
        return new int[] {(20 + 40 * index) % 256, 90, (230 - 30 * index) % 256};
    }

    /**
     * Writes one frame per timestamp (microseconds; multiples of 100 ms at 10 fps).
     *
     * @param format FFmpeg muxer name ("matroska", "avi")
     */
    static Path write(Path file, String format, int codec, int pixelFormat, long... timestampsUs) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), WIDTH, HEIGHT)) {
            recorder.setFormat(format);
            recorder.setVideoCodec(codec);
            recorder.setPixelFormat(pixelFormat);
            recorder.setFrameRate(FPS);
            recorder.start();
            Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            for (int i = 0; i < timestampsUs.length; i++) {
                int[] bgr = bgrOf(i);
                for (int p = 0; p < WIDTH * HEIGHT; p++) {
                    pixels.put(p * 3, (byte) bgr[0]).put(p * 3 + 1, (byte) bgr[1]).put(p * 3 + 2, (byte) bgr[2]);
                }
                recorder.setTimestamp(timestampsUs[i]);
                recorder.record(frame);
            }
            recorder.stop();
        }
        return file;
    }

    /** The file's video packets as they are stored, read independently of the code under test. */
    static List<byte[]> videoPackets(Path file) throws Exception {
        List<byte[]> packets = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toString())) {
            grabber.start();
            for (AVPacket packet; (packet = grabber.grabPacket()) != null; ) {
                byte[] bytes = new byte[packet.size()];
                packet.data().get(bytes);
                packets.add(bytes);
                av_packet_unref(packet);
            }
            grabber.stop();
        }
        return packets;
    }

    static byte[] bytesOf(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
