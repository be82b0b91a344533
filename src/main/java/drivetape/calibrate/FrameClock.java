package drivetape.calibrate;

import drivetape.timing.EnvelopeLine;
import java.util.Arrays;

/**
 * A camera exposes on its own steady frame clock, and its frames arrive on top of that late by a varying
 * delay (the network, the host waking up): arrival = exposure + latency + delay, delay >= 0. The lower
 * envelope of the arrival times against the frame count is the frame clock plus the smallest delay, free of
 * the jitter: bracketing the LED switches with it measures the latency to the fastest arrivals instead of
 * a mixture of late ones. A camera whose frames do not come on a steady clock keeps its arrival times.
 */
final class FrameClock {
    /** A drift of the camera's clock beyond this is no steady clock. */
    private static final double MAX_DRIFT = 0.01;

    private FrameClock() {
    }

    /**
     * @param arrivals frame times, ascending
     * @return the frame clock's times for them (at or before each arrival), or {@code arrivals} itself when
     *     they do not follow a steady clock
     */
    static long[] steady(long[] arrivals) {
        int n = arrivals.length;
        if (n < 10) {
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
        // The frame count, with the camera's dropped frames counted in.
        long[] count = new long[n];
        long[] rest = new long[n];
        for (int i = 1; i < n; i++) {
            count[i] = count[i - 1] + Math.max(1, Math.round((arrivals[i] - arrivals[i - 1]) / period));
        }
        for (int i = 0; i < n; i++) {
            rest[i] = arrivals[i] - arrivals[0] - Math.round(count[i] * period);
        }
        EnvelopeLine line = new EnvelopeLine();
        line.fit(count, rest, 0, n, 0, period * MAX_DRIFT);
        long[] clock = new long[n];
        long[] late = new long[n];
        for (int i = 0; i < n; i++) {
            clock[i] = arrivals[0] + Math.round(count[i] * period) + (long) Math.floor(line.at(count[i]));
            late[i] = arrivals[i] - clock[i];
        }
        Arrays.sort(late);
        // Most frames must sit near the envelope: else the frames follow no steady clock (or it was misread).
        return late[n / 2] <= period / 8 ? clock : arrivals;
    }
}
