package drivetape.jmh;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import drivetape.camera.OpenCvJpegEncoder;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JPEG paths in use, per frame size: {@code encode} is what a frame writer does for a raw camera
 * (OpenCV imencode, libjpeg-turbo, quality 90); {@code decode} is the extra work the design note's
 * cv2 pipeline does on every MJPEG frame before re-encoding it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class JpegEncodeBenchmark {
    @Param({"640x360", "640x480", "1280x720", "1920x1080"})
    String size;

    private int width;
    private int height;
    private ByteBuffer pixels;
    private OpenCvJpegEncoder encoder;
    private Mat jpeg;
    private BytePointer jpegBytes;

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        // Smooth gradients with sensor-like noise: JPEG speed and size depend on content.
        pixels = ByteBuffer.allocateDirect(width * height * 3);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels.put(i, (byte) (x * 255 / width + random.nextInt(17) - 8));
                pixels.put(i + 1, (byte) (y * 255 / height + random.nextInt(17) - 8));
                pixels.put(i + 2, (byte) ((x + y) * 127 / (width + height) + random.nextInt(17) - 8));
            }
        }
        encoder = new OpenCvJpegEncoder();
        ByteBuffer encoded = encoder.encode(pixels, width, height, width * 3, 90);
        int length = encoded.remaining();
        ByteBuffer stored = ByteBuffer.allocateDirect(length);
        stored.put(encoded).flip();
        jpegBytes = new BytePointer(stored);
        try (Mat view = new Mat(1, length, CV_8UC1, jpegBytes)) {
            jpeg = view.clone();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        jpeg.close();
        jpegBytes.close();
    }

    @Benchmark
    public int encode() {
        return encoder.encode(pixels, width, height, width * 3, 90).remaining();
    }

    @Benchmark
    public int decode() {
        try (Mat bgr = imdecode(jpeg, IMREAD_COLOR)) {
            return bgr.cols();
        }
    }
}
