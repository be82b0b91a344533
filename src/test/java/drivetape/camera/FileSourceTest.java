package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    /** Frame times with an uneven gap (300 ms) that pacing by pts must reproduce. */
    private static final long[] TIMES_US = {0, 100_000, 200_000, 500_000, 600_000};
    /** Slack for the first frame's own stamp being taken a moment after the pacing clock started. */
    private static final long SLACK_NS = 5_000_000;

    @TempDir
    Path dir;

    @Test
    void anMjpegFileIsPassedThroughPacketForPacketAtItsOwnPace() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mkv"), "matroska", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P,
                TIMES_US);
        List<byte[]> stored = TestVideos.videoPackets(file);

        // The requested size and rate do not apply to a file: it plays at its own.
        try (FrameSource source = FrameSources.open(file.toString(), 640, 360, 30)) {
            assertThat(source.open()).isEqualTo(new FrameFormat(file.toString(), 160, 120, 10.0, "mjpeg", false));

            GrabbedFrame frame = new GrabbedFrame();
            List<Long> received = new ArrayList<>();
            for (int i = 0; i < TIMES_US.length; i++) {
                assertThat(source.next(frame)).as("frame %d", i).isTrue();
                assertThat(frame.jpeg).isTrue();
                assertThat(frame.width).isEqualTo(160);
                assertThat(frame.height).isEqualTo(120);
                assertThat(frame.deviceTimestampUs).isEqualTo(Long.MIN_VALUE);
                byte[] jpeg = TestVideos.bytesOf(frame.data);
                assertThat(jpeg).isEqualTo(stored.get(i));
                assertWholeJpeg(jpeg, 160, 120);
                received.add(frame.receiveNanoTime);
            }
            assertThat(source.next(frame)).isFalse();
            assertThat(source.next(frame)).isFalse();
            assertPacedLike(received, TIMES_US);
        }
    }

    @Test
    void anMpeg4FileIsDecodedToBgrFrames() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.avi"), "avi", AV_CODEC_ID_MPEG4, AV_PIX_FMT_YUV420P, TIMES_US);

        try (FrameSource source = FrameSources.open(file.toString(), 640, 360, 30)) {
            assertThat(source.open()).isEqualTo(new FrameFormat(file.toString(), 160, 120, 10.0, "bgr24", false));

            GrabbedFrame frame = new GrabbedFrame();
            List<Long> received = new ArrayList<>();
            for (int i = 0; i < TIMES_US.length; i++) {
                assertThat(source.next(frame)).as("frame %d", i).isTrue();
                assertThat(frame.jpeg).isFalse();
                assertThat(frame.width).isEqualTo(160);
                assertThat(frame.height).isEqualTo(120);
                assertThat(frame.stride).isGreaterThanOrEqualTo(160 * 3);
                // The middle pixel, byte by byte in B, G, R order.
                ByteBuffer pixels = frame.data;
                int offset = pixels.position() + 60 * frame.stride + 80 * 3;
                int[] expected = TestVideos.bgrOf(i);
                for (int c = 0; c < 3; c++) {
                    assertThat(pixels.get(offset + c) & 0xff).as("frame %d channel %d", i, c)
                            .isCloseTo(expected[c], within(12));
                }
                received.add(frame.receiveNanoTime);
            }
            assertThat(source.next(frame)).isFalse();
            assertPacedLike(received, TIMES_US);
        }
    }

    @Test
    void closeEndsAPacingWaitAndLaterReads() throws Exception {
        Path file = TestVideos.write(dir.resolve("gap.mkv"), "matroska", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P,
                0, 3_000_000);
        FrameSource source = FrameSources.open(file.toString(), 640, 360, 30);
        source.open();
        GrabbedFrame frame = new GrabbedFrame();
        assertThat(source.next(frame)).isTrue();

        Thread closer = new Thread(() -> {
            sleepMillis(100);
            source.close();
        });
        closer.start();
        // Frame 2 is due in 3 s: had the wait run its course, next() would have delivered it.
        assertThat(source.next(frame)).isFalse();
        closer.join();
        assertThat(source.next(frame)).isFalse();
    }

    static void assertWholeJpeg(byte[] jpeg, int width, int height) throws Exception {
        assertThat(jpeg.length).isGreaterThan(4);
        assertThat(jpeg[0] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xff).isEqualTo(0xD8);
        assertThat(jpeg[jpeg.length - 2] & 0xff).isEqualTo(0xFF);
        assertThat(jpeg[jpeg.length - 1] & 0xff).isEqualTo(0xD9);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }

    /** Each frame arrived no earlier than its pts says, counted from the first. */
    private static void assertPacedLike(List<Long> receivedNanos, long[] timesUs) {
        for (int i = 1; i < timesUs.length; i++) {
            long expected = (timesUs[i] - timesUs[0]) * 1000;
            assertThat(receivedNanos.get(i) - receivedNanos.get(0)).as("arrival of frame %d", i)
                    .isGreaterThanOrEqualTo(expected - SLACK_NS);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
