package drivetape.timing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded control-sample and frame t_ns streams as the episode writer sees them: each stream in its own order
 * (FIFO: the serial line and the frame rows are never reordered), the two interleaved by when they reach
 * the writer (controls a few ms after t_ns, frame rows tens of ms after, once their JPEG is written).
 * Options give jitter, an online clock estimate that steps back by a few ms, a gap in the controls and a
 * board reset (a gap, then an estimate that starts a few ms early).
 */
final class TimeStreams {
    static final long START_NS = 1_700_000_000_000_000_000L;

    double controlHz = 1000;
    double frameHz = 120;
    double seconds = 10;
    double controlJitterMs;
    double frameJitterMs;
    /** Fraction of controls whose t_ns steps back, by up to {@link #stepBackMs}, from the one before. */
    double stepBackFraction;
    double stepBackMs = 3;
    double controlGapAtS = Double.NaN;
    double controlGapS;
    double resetAtS = Double.NaN;
    double resetGapS = 1.5;
    double resetStepBackMs = 4;
    double controlDelayMinMs = 1;
    double controlDelayMaxMs = 3;
    double frameDelayMinMs = 20;
    double frameDelayMaxMs = 60;
    /** Where the frames start, relative to the controls (negative: the camera first). */
    double frameStartS;
    long seed = 1;

    /** Interleaved in arrival order: {@code isControl[i]} says which stream {@code timesNs[i]} is from. */
    boolean[] isControl;
    long[] timesNs;

    TimeStreams generate() {
        SplittableRandom random = new SplittableRandom(seed);
        long[] control = controls(random);
        long[] controlArrival = arrivals(control, controlDelayMinMs, controlDelayMaxMs, random);
        long[] frame = frames(random);
        long[] frameArrival = arrivals(frame, frameDelayMinMs, frameDelayMaxMs, random);
        isControl = new boolean[control.length + frame.length];
        timesNs = new long[isControl.length];
        int c = 0;
        int f = 0;
        for (int i = 0; i < timesNs.length; i++) {
            boolean takeControl = f == frame.length || (c < control.length && controlArrival[c] <= frameArrival[f]);
            isControl[i] = takeControl;
            timesNs[i] = takeControl ? control[c++] : frame[f++];
        }
        return this;
    }

    private long[] controls(SplittableRandom random) {
        int n = (int) (controlHz * seconds);
        long[] t = new long[n];
        int kept = 0;
        double periodNs = 1e9 / controlHz;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            double s = i / controlHz;
            boolean inGap = s >= controlGapAtS && s < controlGapAtS + controlGapS;
            boolean rebooting = s >= resetAtS && s < resetAtS + resetGapS;
            if (inGap || rebooting) {
                continue;
            }
            // After a reset the new segment's online estimate starts a little early.
            double offsetNs = s >= resetAtS + resetGapS ? -resetStepBackMs * 1e6 : 0;
            long tNs = START_NS + Math.round(i * periodNs + offsetNs + jitter(random, controlJitterMs));
            if (previous != Long.MIN_VALUE && random.nextDouble() < stepBackFraction) {
                tNs = previous - Math.round(random.nextDouble() * stepBackMs * 1e6);
            }
            t[kept++] = tNs;
            previous = tNs;
        }
        return Arrays.copyOf(t, kept);
    }

    private long[] frames(SplittableRandom random) {
        int n = (int) (frameHz * seconds);
        long[] t = new long[n];
        double periodNs = 1e9 / frameHz;
        for (int i = 0; i < n; i++) {
            t[i] = START_NS + Math.round(frameStartS * 1e9 + i * periodNs + jitter(random, frameJitterMs));
        }
        return t;
    }

    private static double jitter(SplittableRandom random, double ms) {
        return ms == 0 ? 0 : (random.nextDouble() * 2 - 1) * ms * 1e6;
    }

    /** FIFO arrivals: t_ns plus a random delay, never before the one before. */
    private static long[] arrivals(long[] t, double minMs, double maxMs, SplittableRandom random) {
        long[] arrival = new long[t.length];
        long last = Long.MIN_VALUE;
        for (int i = 0; i < t.length; i++) {
            long a = t[i] + Math.round((minMs + random.nextDouble() * (maxMs - minMs)) * 1e6);
            last = Math.max(last, a);
            arrival[i] = last;
        }
        return arrival;
    }

    /** The first {@code arrivals} control times, in arrival order. */
    long[] controls(int arrivals) {
        return pick(true, arrivals);
    }

    long[] frames(int arrivals) {
        return pick(false, arrivals);
    }

    long[] controls() {
        return controls(timesNs.length);
    }

    long[] frames() {
        return frames(timesNs.length);
    }

    private long[] pick(boolean control, int arrivals) {
        long[] out = new long[arrivals];
        int n = 0;
        for (int i = 0; i < arrivals; i++) {
            if (isControl[i] == control) {
                out[n++] = timesNs[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Feeds arrivals {@code [from, to)} to the accumulator, in arrival order. */
    void feed(SyncAccumulator sync, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isControl[i]) {
                sync.addControl(timesNs[i]);
            } else {
                sync.addFrame(timesNs[i]);
            }
        }
    }
}
