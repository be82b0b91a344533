package drivetape.timing;

import java.util.Arrays;

/**
 * Fits a line under a run of points, touching their lower convex hull: the line {@code y = intercept +
 * slope * x} with no point below it that minimises the total gap to the points (a linear programme whose
 * answer is the hull edge above the points' mean x). Points far above the envelope (late lines, a stalled
 * host) never become hull vertices, so they cannot bend it; no least squares anywhere.
 *
 * <p>Reused: the hull scratch array grows to the largest run seen and is then kept, so fitting a bounded
 * run allocates nothing.
 */
final class EnvelopeLine {
    private int[] hull = new int[64];
    private double slope;
    private double intercept;

    double slope() {
        return slope;
    }

    double intercept() {
        return intercept;
    }

    double at(double x) {
        return intercept + slope * x;
    }

    /**
     * Fits points {@code [from, to)} of {@code xs}/{@code ys}, which must be ascending in x.
     *
     * @param fallbackSlope the slope to use when the points cannot tell one (a single point, or one x)
     * @param maxSlope the largest plausible |slope|: a steeper hull edge (too little data yet) is clamped
     */
    void fit(long[] xs, long[] ys, int from, int to, double fallbackSlope, double maxSlope) {
        int n = to - from;
        if (n <= 0) {
            throw new IllegalArgumentException("no points to fit");
        }
        if (hull.length < n) {
            hull = Arrays.copyOf(hull, Math.max(n, hull.length * 2));
        }
        // Andrew's monotone chain, lower half: keep only left turns.
        int h = 0;
        double sumX = 0;
        for (int i = from; i < to; i++) {
            sumX += xs[i];
            while (h >= 2 && cross(xs, ys, hull[h - 2], hull[h - 1], i) <= 0) {
                h--;
            }
            hull[h++] = i;
        }
        // The hull edge that spans the mean x (the last one if rounding leaves none).
        double centroid = sumX / n;
        double s = fallbackSlope;
        for (int k = 0; k + 1 < h; k++) {
            long x1 = xs[hull[k + 1]];
            if (x1 >= centroid || k + 2 == h) {
                long x0 = xs[hull[k]];
                if (x1 > x0) {
                    s = (double) (ys[hull[k + 1]] - ys[hull[k]]) / (x1 - x0);
                }
                break;
            }
        }
        s = Math.max(-maxSlope, Math.min(maxSlope, s));
        // The line of that slope through the lowest point: below every hull vertex, hence every point.
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            lowest = Math.min(lowest, ys[i] - s * xs[i]);
        }
        slope = s;
        intercept = lowest;
    }

    private static double cross(long[] xs, long[] ys, int o, int a, int b) {
        return (double) (xs[a] - xs[o]) * (double) (ys[b] - ys[o]) - (double) (ys[a] - ys[o]) * (double) (xs[b] - xs[o]);
    }
}
