package drivetape.report;

/**
 * Thins a long series for plotting while keeping its spikes: the points are cut into buckets and each bucket
 * keeps its lowest and highest point (in their order), so a one-sample glitch in an hour still shows.
 */
final class Downsample {
    private Downsample() {
    }

    /** x and y of at most {@code maxPoints} points (plus one when odd); x is expected in plotting order. */
    static double[][] minMax(double[] x, double[] y, int maxPoints) {
        int n = x.length;
        if (n <= maxPoints) {
            return new double[][] {x, y};
        }
        int buckets = Math.max(1, maxPoints / 2);
        double[] outX = new double[buckets * 2];
        double[] outY = new double[buckets * 2];
        int out = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            if (from >= to) {
                continue;
            }
            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++) {
                if (y[i] < y[low]) {
                    low = i;
                }
                if (y[i] > y[high]) {
                    high = i;
                }
            }
            int first = Math.min(low, high);
            int second = Math.max(low, high);
            outX[out] = x[first];
            outY[out++] = y[first];
            if (second != first) {
                outX[out] = x[second];
                outY[out++] = y[second];
            }
        }
        return new double[][] {java.util.Arrays.copyOf(outX, out), java.util.Arrays.copyOf(outY, out)};
    }
}
