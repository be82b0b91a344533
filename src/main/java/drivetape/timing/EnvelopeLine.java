package drivetape.timing;

import java.util.Arrays;

/**
 * Fits a line under a run of points from their lower convex hull: the slope of the hull between a quarter
 * and three quarters of the way along, and the highest line of that slope with no point below it. Only the
 * fastest deliveries are hull vertices, so late points (late lines, a stalled host) cannot bend it; no least
 * squares anywhere.
 *
 * <p>But the first and last points are hull vertices however late they came, and so are the points of a
 * burst at either end: lines that waited in the port before it was opened (a board that does not reset on
 * open) or while the host stalled, read at once, whose {@code receive - device} falls by a whole ns per ns
 * of device time. The hull runs down that burst, and a slope taken there is the burst's, not the clock's.
 * What rules such points out is the largest plausible slope: a point higher than another by more than
 * {@code maxSlope} times the device time between them is above every allowed line under the other, so it
 * can never be the one a line rests on. Those points are left out of the hull (a loose upper bound says
 * nothing). A hull vertex with an edge no steeper than {@code maxSlope} is never one of them, so a run
 * whose hull has no steeper edge fits exactly as without the rule.
 *
 * <p>Reused: the hull scratch array grows to the largest run seen and is then kept, so fitting a bounded
 * run allocates nothing.
 */
public final class EnvelopeLine {
    private int[] hull = new int[64];
    /** Per point of the run, whether it is too loose to be on any allowed line (see class doc). */
    private boolean[] loose = new boolean[64];
    private double slope;
    private double intercept;

    public double slope() {
        return slope;
    }

    public double intercept() {
        return intercept;
    }

    public double at(double x) {
        return intercept + slope * x;
    }

    /**
     * Fits points {@code [from, to)} of {@code xs}/{@code ys}, which must be ascending in x.
     *
     * @param fallbackSlope the slope to use when the points cannot tell one (a single point, or one x)
     * @param maxSlope the largest plausible |slope|: a steeper hull edge (too little data yet) is clamped
     */
    public void fit(long[] xs, long[] ys, int from, int to, double fallbackSlope, double maxSlope) {
        int n = to - from;
        if (n <= 0) {
            throw new IllegalArgumentException("no points to fit");
        }
        if (hull.length < n) {
            hull = Arrays.copyOf(hull, Math.max(n, hull.length * 2));
            loose = new boolean[hull.length];
        }
        markLoose(xs, ys, from, to, maxSlope);
        // Andrew's monotone chain, lower half: keep only left turns.
        int h = 0;
        for (int i = from; i < to; i++) {
            if (loose[i - from]) {
                continue;
            }
            while (h >= 2 && cross(xs, ys, hull[h - 2], hull[h - 1], i) <= 0) {
                h--;
            }
            hull[h++] = i;
        }
        // The slope between the hull's heights a quarter and three quarters of the way along: a longer
        // baseline than the one hull edge at the middle, which may be short and so steep or flat by chance.
        // The first and last points are hull vertices however late they came (a stall at the end of the
        // run), so a quarter point on an edge to one of them falls back to the middle edge.
        double s = fallbackSlope;
        long first = xs[hull[0]];
        long last = xs[hull[h - 1]];
        if (last > first) {
            double q1 = first + (last - first) * 0.25;
            double q3 = first + (last - first) * 0.75;
            int k1 = edgeAt(xs, h, q1);
            int k3 = edgeAt(xs, h, q3);
            if (k1 > 0 && k3 < h - 2) {
                s = (heightOnEdge(xs, ys, k3, q3) - heightOnEdge(xs, ys, k1, q1)) / (q3 - q1);
            } else {
                int k = edgeAt(xs, h, first + (last - first) * 0.5);
                long dx = xs[hull[k + 1]] - xs[hull[k]];
                if (dx > 0) {
                    s = (double) (ys[hull[k + 1]] - ys[hull[k]]) / dx;
                }
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

    /**
     * Marks the points more than {@code maxSlope} x their distance in x above some other point: above the
     * cone of allowed lines under that one. Looking back, y - s x must not exceed its least value so far;
     * looking ahead, y + s x must not exceed its least value still to come. The least point is never marked,
     * so at least one point stays.
     */
    private void markLoose(long[] xs, long[] ys, int from, int to, double maxSlope) {
        double ahead = Double.POSITIVE_INFINITY;
        for (int i = to - 1; i >= from; i--) {
            double v = ys[i] + maxSlope * xs[i];
            loose[i - from] = v > ahead;
            ahead = Math.min(ahead, v);
        }
        double behind = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double v = ys[i] - maxSlope * xs[i];
            loose[i - from] |= v > behind;
            behind = Math.min(behind, v);
        }
    }

    /** The hull edge (from vertex k to k + 1, of distinct x) whose x range holds x. */
    private int edgeAt(long[] xs, int h, double x) {
        int k = 0;
        while (k + 2 < h && (xs[hull[k + 1]] < x || xs[hull[k + 1]] == xs[hull[k]])) {
            k++;
        }
        return k;
    }

    private double heightOnEdge(long[] xs, long[] ys, int k, double x) {
        long x0 = xs[hull[k]];
        long x1 = xs[hull[k + 1]];
        if (x1 == x0) {
            return Math.min(ys[hull[k]], ys[hull[k + 1]]);
        }
        return ys[hull[k]] + (double) (ys[hull[k + 1]] - ys[hull[k]]) * (x - x0) / (x1 - x0);
    }

    private static double cross(long[] xs, long[] ys, int o, int a, int b) {
        return (double) (xs[a] - xs[o]) * (double) (ys[b] - ys[o]) - (double) (ys[a] - ys[o]) * (double) (xs[b] - xs[o]);
    }
}
