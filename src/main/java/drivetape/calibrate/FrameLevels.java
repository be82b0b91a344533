package drivetape.calibrate;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_GRAYSCALE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import drivetape.dataset.Frames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The recorded frames as the LED finder sees them: each written frame's {@code t_ns} and the mean grey level
 * of every cell of a {@link CellGrid}, decoded from its JPEG file with OpenCV (libjpeg-turbo).
 *
 * @param frameNs each frame's {@code t_ns}, ascending
 * @param levels each frame's level per cell
 */
public record FrameLevels(long[] frameNs, float[][] levels) {

    /** Reads the written frames of {@code episode} with {@code t_ns} in {@code [fromNs, toNs]}. */
    public static FrameLevels read(Path episode, Frames frames, CellGrid grid, long fromNs, long toNs)
            throws IOException {
        long[] times = new long[frames.size()];
        float[][] levels = new float[frames.size()][];
        int n = 0;
        byte[] grey = new byte[0];
        long[] integral = new long[0];
        for (int row = 0; row < frames.size(); row++) {
            long t = frames.tNs(row);
            if (!frames.written(row) || t < fromNs || t > toNs) {
                continue;
            }
            byte[] jpeg = Files.readAllBytes(episode.resolve(frames.file(row)));
            try (BytePointer bytes = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8UC1, bytes);
                 Mat image = imdecode(encoded, IMREAD_GRAYSCALE)) {
                if (image.empty()) {
                    continue; // not a whole JPEG: nothing to see in it
                }
                int width = image.cols();
                int height = image.rows();
                int stride = (int) image.step();
                if (grey.length < stride * height) {
                    grey = new byte[stride * height];
                    integral = new long[(width + 1) * (height + 1)];
                }
                ByteBuffer pixels = image.data().capacity((long) stride * height).asByteBuffer();
                pixels.get(grey, 0, stride * height);
                float[] cells = new float[grid.size()];
                grid.levels(grey, width, height, stride, integral, cells);
                times[n] = t;
                levels[n] = cells;
                n++;
            }
        }
        return new FrameLevels(Arrays.copyOf(times, n), Arrays.copyOf(levels, n));
    }

    public int size() {
        return frameNs.length;
    }
}
