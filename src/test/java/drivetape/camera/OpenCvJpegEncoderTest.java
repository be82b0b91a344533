package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class OpenCvJpegEncoderTest {
    private static final int[] BLUE = {255, 0, 0};
    private static final int[] RED = {0, 0, 255};
    private static final int[] GREEN = {0, 255, 0};

    @Test
    void encodesAWholeJpegThatDecodesToTheSameSizeAndColours() throws Exception {
        ByteBuffer frame = halves(640, 360, 640 * 3, 0, ByteBuffer.allocateDirect(640 * 360 * 3));
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            BufferedImage image = decode(encoder.encode(frame, 640, 360, 640 * 3, 90), 640, 360);
            assertRgb(image, 100, 180, RED[2], RED[1], RED[0]);
            assertRgb(image, 540, 180, BLUE[2], BLUE[1], BLUE[0]);
        }
    }

    @Test
    void readsRowsByStrideFromTheBufferPosition() throws Exception {
        int width = 96;
        int height = 64;
        int stride = width * 3 + 32; // padding at each row end, filled with green that must not show
        int offset = 24;
        ByteBuffer buffer = ByteBuffer.allocateDirect(offset + stride * height);
        fill(buffer, GREEN);
        halves(width, height, stride, offset, buffer);
        buffer.position(offset);
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            BufferedImage image = decode(encoder.encode(buffer, width, height, stride, 95), width, height);
            assertRgb(image, 10, 32, 255, 0, 0);
            assertRgb(image, width - 10, 32, 0, 0, 255);
        }
    }

    @Test
    void aHeapBufferGivesTheSameJpegAsADirectOne() throws Exception {
        ByteBuffer direct = halves(128, 96, 128 * 3, 0, ByteBuffer.allocateDirect(128 * 96 * 3));
        ByteBuffer heap = ByteBuffer.allocate(direct.capacity());
        heap.put(direct.duplicate()).flip();
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            byte[] fromDirect = TestVideos.bytesOf(encoder.encode(direct, 128, 96, 128 * 3, 80));
            byte[] fromHeap = TestVideos.bytesOf(encoder.encode(heap, 128, 96, 128 * 3, 80));
            assertThat(fromHeap).isEqualTo(fromDirect);
            assertThat(heap.position()).isZero();
        }
    }

    @Test
    void reusedAcrossFramesOfChangingSizeAndQuality() throws Exception {
        ByteBuffer small = halves(64, 48, 64 * 3, 0, ByteBuffer.allocateDirect(64 * 48 * 3));
        ByteBuffer large = noise(320, 240, 7);
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            for (int round = 0; round < 3; round++) {
                int lowQuality = TestVideos.bytesOf(encoder.encode(large, 320, 240, 320 * 3, 30)).length;
                byte[] high = TestVideos.bytesOf(encoder.encode(large, 320, 240, 320 * 3, 95));
                decode(ByteBuffer.wrap(high), 320, 240);
                assertThat(high.length).isGreaterThan(lowQuality);
                decode(encoder.encode(small, 64, 48, 64 * 3, 90), 64, 48);
            }
        }
    }

    @Test
    void rejectsFramesThatDoNotAddUp() {
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            ByteBuffer tooSmall = ByteBuffer.allocateDirect(100);
            assertThatThrownBy(() -> encoder.encode(tooSmall, 64, 48, 64 * 3, 90))
                    .isInstanceOf(IllegalArgumentException.class);
            ByteBuffer frame = ByteBuffer.allocateDirect(64 * 48 * 3);
            assertThatThrownBy(() -> encoder.encode(frame, 64, 48, 64, 90))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> encoder.encode(frame, 64, 48, 64 * 3, 101))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Left half red, right half blue, as BGR rows of {@code stride} bytes starting at {@code offset}. */
    private static ByteBuffer halves(int width, int height, int stride, int offset, ByteBuffer buffer) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] bgr = x < width / 2 ? RED : BLUE;
                int at = offset + y * stride + x * 3;
                buffer.put(at, (byte) bgr[0]).put(at + 1, (byte) bgr[1]).put(at + 2, (byte) bgr[2]);
            }
        }
        return buffer;
    }

    private static ByteBuffer noise(int width, int height, long seed) {
        java.util.Random random = new java.util.Random(seed);
        ByteBuffer buffer = ByteBuffer.allocateDirect(width * height * 3);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) random.nextInt(256));
        }
        return buffer;
    }

    private static void fill(ByteBuffer buffer, int[] bgr) {
        for (int i = 0; i + 2 < buffer.capacity(); i += 3) {
            buffer.put(i, (byte) bgr[0]).put(i + 1, (byte) bgr[1]).put(i + 2, (byte) bgr[2]);
        }
    }

    private static BufferedImage decode(ByteBuffer jpeg, int width, int height) throws Exception {
        byte[] bytes = TestVideos.bytesOf(jpeg);
        FileSourceTest.assertWholeJpeg(bytes, width, height);
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    private static void assertRgb(BufferedImage image, int x, int y, int r, int g, int b) {
        int rgb = image.getRGB(x, y);
        assertThat((rgb >> 16) & 0xff).as("red at %d,%d", x, y).isCloseTo(r, within(10));
        assertThat((rgb >> 8) & 0xff).as("green at %d,%d", x, y).isCloseTo(g, within(10));
        assertThat(rgb & 0xff).as("blue at %d,%d", x, y).isCloseTo(b, within(10));
    }
}
