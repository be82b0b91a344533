package drivetape.timing;

import java.util.Arrays;

/**
 * A camera exposes on its own steady frame clock, and its frames arrive on top of that late by a varying
 * delay (the network, the host waking up): arrival = exposure + latency + delay, delay >= 0. The lower
 * envelope of the arrival times against the frame count is the frame clock plus the smallest delay, free of
 * the jitter: bracketing the LED switches with it measures the latency to the fastest arrivals instead of
 * a mixture of late ones, and a recording's frames stamped on arrival (an IP camera) get the best estimate
 * of when they were exposed rather than when the network delivered them. A camera whose frames do not come
 * on a steady clock keeps its arrival times.
 *
 * <p>A gap of more than {@value #MAX_GAP_PERIODS} frame periods (the camera gone and back, which starts its
 * clock at another phase) starts a new run, fitted on its own.
 */
public final class FrameClock {
    static final int MAX_GAP_PERIODS = 10;
    /** A run shorter than this keeps its arrival times: too few frames to tell a clock. */
    private static final int MIN_RUN = 10;
    /** A drift of the camera's clock beyond this is no steady clock. */
    private static final double MAX_DRIFT = 0.01;

    private FrameClock() {
    }

    /**
     * @param arrivals frame times, ascending
     * @return the frame clock's times for them (each at or before its arrival), run by run; a run that follows
     *     no steady clock keeps its arrival times; {@code arrivals} itself when no run does
     */
    public static long[] steady(long[] arrivals) {
        int n = arrivals.length;
        if (n < MIN_RUN) {
            return arrivals;
        }
        long[] intervals = new long[n - 1];
        for (int i = 1; i < n; i++) {
            intervals[i - 1] = arrivals[i] - arrivals[i - 1];
        }
        Arrays.sort(intervals);
        double period = intervals[intervals.length / 2];
        if (!(period > 0)) {
            return arrivals;
        }
        long[] out = arrivals.clone();
        boolean any = false;
        int from = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || arrivals[i] - arrivals[i - 1] > MAX_GAP_PERIODS * period) {
                any |= fitRun(arrivals, from, i, period, out);
                from = i;
            }
        }
        return any ? out : arrivals;
    }

    /** Puts {@code [from, to)} on its steady clock in {@code out}; false when it follows none. */
    private static boolean fitRun(long[] arrivals, int from, int to, double period, long[] out) {
        int n = to - from;
        if (n < MIN_RUN) {
            return false;
        }
        // The frame count, with the camera's dropped frames counted in.
        long[] count = new long[n];
        long[] rest = new long[n];
        long first = arrivals[from];
        for (int i = 1; i < n; i++) {
            count[i] = count[i - 1] + Math.max(1, Math.round((arrivals[from + i] - arrivals[from + i - 1]) / period));
        }
        for (int i = 0; i < n; i++) {
            rest[i] = arrivals[from + i] - first - Math.round(count[i] * period);
        }
        EnvelopeLine line = new EnvelopeLine();
        line.fit(count, rest, 0, n, 0, period * MAX_DRIFT);
        long[] clock = new long[n];
        long[] late = new long[n];
        for (int i = 0; i < n; i++) {
            clock[i] = first + Math.round(count[i] * period) + (long) Math.floor(line.at(count[i]));
            late[i] = arrivals[from + i] - clock[i];
        }
        Arrays.sort(late);
        // Most frames must sit near the envelope: else the frames follow no steady clock (or it was misread).
        if (late[n / 2] > period / 8) {
            return false;
        }
        System.arraycopy(clock, 0, out, from, n);
        return true;
    }
}
