package drivetape.export.lerobot;

import java.nio.ByteBuffer;

/**
 * An episode's image statistics the way LeRobot samples them (compute_stats.py): a few hundred evenly spread
 * frames (estimate_num_samples, sample_indices), each thinned to about 150 pixels across
 * (auto_downsample_height_width), per channel R, G, B on 0..1. Pixels are counted in 256-bin histograms, so
 * every statistic, the quantiles included, is exact over the sampled pixels.
 */
final class ImageStats {
    private static final int MIN_SAMPLES = 100;
    private static final int MAX_SAMPLES = 10_000;
    private static final double SAMPLE_POWER = 0.75;
    private static final int DOWNSAMPLE_TARGET = 150;
    private static final int DOWNSAMPLE_ABOVE = 300;

    private final boolean[] sampled;
    private final long[][] histogram = new long[3][256];
    private long images;

    /** For an episode of {@code frames} frames. */
    ImageStats(int frames) {
        sampled = new boolean[frames];
        for (int i : sampleIndices(frames)) {
            sampled[i] = true;
        }
    }

    /** estimate_num_samples: at least 100 (or all), at most 10 000, frames^0.75 in between. */
    static int sampleCount(int frames) {
        int least = Math.min(MIN_SAMPLES, frames);
        return Math.max(least, Math.min((int) Math.pow(frames, SAMPLE_POWER), MAX_SAMPLES));
    }

    /** sample_indices: round(linspace(0, frames - 1, count)), numpy's round-half-to-even. */
    static int[] sampleIndices(int frames) {
        int count = sampleCount(frames);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = count == 1 ? 0 : (int) Math.rint(i * (double) (frames - 1) / (count - 1));
        }
        return indices;
    }

    boolean wants(int frame) {
        return sampled[frame];
    }

    /** Counts a sampled frame's pixels: BGR bytes, {@code stride} bytes a row. */
    void add(ByteBuffer bgr, int width, int height, int stride) {
        int step = 1;
        if (Math.max(width, height) >= DOWNSAMPLE_ABOVE) {
            step = (width > height ? width : height) / DOWNSAMPLE_TARGET;
        }
        for (int y = 0; y < height; y += step) {
            int at = y * stride;
            for (int x = 0; x < width; x += step) {
                int p = at + x * 3;
                histogram[2][bgr.get(p) & 0xFF]++;
                histogram[1][bgr.get(p + 1) & 0xFF]++;
                histogram[0][bgr.get(p + 2) & 0xFF]++;
            }
        }
        images++;
    }

    /** The statistics, per channel (R, G, B) on 0..1, counting sampled images as LeRobot does. */
    FeatureStats stats() {
        double[] min = new double[3];
        double[] max = new double[3];
        double[] mean = new double[3];
        double[] std = new double[3];
        double[][] quantiles = new double[LeRobotLayout.QUANTILES.length][3];
        for (int c = 0; c < 3; c++) {
            long[] h = histogram[c];
            long n = 0;
            double sum = 0;
            int lo = 255;
            int hi = 0;
            for (int v = 0; v < 256; v++) {
                if (h[v] > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                n += h[v];
                sum += (double) v * h[v];
            }
            double m = sum / n;
            double squares = 0;
            for (int v = 0; v < 256; v++) {
                squares += (v - m) * (v - m) * h[v];
            }
            min[c] = lo / 255.0;
            max[c] = hi / 255.0;
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(squares / n) / 255.0;
            for (int q = 0; q < quantiles.length; q++) {
                double position = LeRobotLayout.QUANTILES[q] * (n - 1);
                long below = (long) Math.floor(position);
                int a = valueAtRank(h, below);
                int b = valueAtRank(h, Math.min(below + 1, n - 1));
                quantiles[q][c] = (a + (b - a) * (position - below)) / 255.0;
            }
        }
        return new FeatureStats(min, max, mean, std, images, quantiles, false, true);
    }

    /** The value of the pixel at {@code rank} (0 = darkest) in sorted order. */
    private static int valueAtRank(long[] h, long rank) {
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += h[v];
            if (seen > rank) {
                return v;
            }
        }
        return 255;
    }
}
