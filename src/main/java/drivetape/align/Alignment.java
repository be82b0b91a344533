package drivetape.align;

import drivetape.dataset.Controls;
import drivetape.dataset.Excluded;
import drivetape.dataset.Frames;
import java.util.Arrays;

/**
 * Each written frame's channel values at its capture time, the rows of aligned.csv, computed in memory.
 *
 * <p>The rules (episode-format.md, made exact):
 * <ul>
 *   <li>Frames in excluded.json's ranges are left out (a person marked them as not for training).
 *   <li>Control samples are taken in t_ns order (file order within equal times), whatever order they arrived in.
 *   <li>A frame exactly at a sample's t_ns takes that sample's values (the last in file order if several).
 *   <li>A frame between two samples takes each channel linearly interpolated between them.
 *   <li>A frame before the first or after the last sample holds that sample's values.
 *   <li>{@code offset_ms} is |frame t_ns - nearest sample t_ns|. A frame whose nearest sample is more than
 *       100 ms away (no sample within 100 ms on either side; exactly 100 ms is within) is left out.
 *   <li>A frame is left out for no signal when any channel is 0 in any sample its values come from: both
 *       samples around it when interpolated (a 0 would pull the value toward 0), the one sample when held or
 *       hit exactly.
 * </ul>
 */
public final class Alignment {
    static final long MAX_OFFSET_NS = 100_000_000L;

    /** Rows of frames.csv that become rows, in index order. */
    final int[] frameRows;
    /** Distance to the nearest control sample per row, ns. */
    final long[] offsetNs;
    /** values[channel][row], microseconds. */
    final double[][] values;
    final AlignCounts counts;

    /** What became of each frame: rows, and the frames left out by reason. */
    public AlignCounts counts() {
        return counts;
    }

    private Alignment(int[] frameRows, long[] offsetNs, double[][] values, AlignCounts counts) {
        this.frameRows = frameRows;
        this.offsetNs = offsetNs;
        this.values = values;
        this.counts = counts;
    }

    public static Alignment of(Controls controls, Frames frames) {
        return of(controls, frames, Excluded.NONE);
    }

    public static Alignment of(Controls controls, Frames frames, Excluded excluded) {
        int[] byTime = controls.orderByTime();
        long[] t = new long[byTime.length];
        for (int i = 0; i < byTime.length; i++) {
            t[i] = controls.tNs(byTime[i]);
        }
        int channels = controls.channels().size();
        int[] frameRows = new int[frames.size()];
        long[] offsetNs = new long[frames.size()];
        double[][] values = new double[channels][frames.size()];
        int rows = 0;
        int excludedFrames = 0;
        int notWritten = 0;
        int noControl = 0;
        int noSignal = 0;
        for (int frame : framesInIndexOrder(frames)) {
            if (excluded.contains(frames.index(frame))) {
                excludedFrames++;
                continue;
            }
            if (!frames.written(frame)) {
                notWritten++;
                continue;
            }
            long f = frames.tNs(frame);
            int before = lastAtOrBefore(t, f);
            int after = before + 1 < t.length ? before + 1 : -1;
            long offset = nearestDistance(t, before, after, f);
            if (offset > MAX_OFFSET_NS) {
                noControl++;
                continue;
            }
            // Which samples the values come from: one (exact, or held at an end) or two (interpolated).
            int a;
            int b;
            if (before >= 0 && (t[before] == f || after < 0)) {
                a = byTime[before];
                b = a;
            } else if (before < 0) {
                a = byTime[after];
                b = a;
            } else {
                a = byTime[before];
                b = byTime[after];
            }
            if (anyChannelZero(controls, a) || anyChannelZero(controls, b)) {
                noSignal++;
                continue;
            }
            double fraction = a == b ? 0.0
                    : (double) (f - controls.tNs(a)) / (double) (controls.tNs(b) - controls.tNs(a));
            for (int c = 0; c < channels; c++) {
                double va = controls.value(c, a);
                double vb = controls.value(c, b);
                values[c][rows] = va + (vb - va) * fraction;
            }
            frameRows[rows] = frame;
            offsetNs[rows] = offset;
            rows++;
        }
        double[][] trimmed = new double[channels][];
        for (int c = 0; c < channels; c++) {
            trimmed[c] = Arrays.copyOf(values[c], rows);
        }
        return new Alignment(Arrays.copyOf(frameRows, rows), Arrays.copyOf(offsetNs, rows), trimmed,
                new AlignCounts(rows, excludedFrames, notWritten, noControl, noSignal));
    }

    /** frames.csv is written in index order; should it not be, its rows are put in that order. */
    private static int[] framesInIndexOrder(Frames frames) {
        int[] order = new int[frames.size()];
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            sorted &= i == 0 || frames.index(i) >= frames.index(i - 1);
        }
        if (sorted) {
            return order;
        }
        return Arrays.stream(order).boxed().sorted((x, y) -> Long.compare(frames.index(x), frames.index(y)))
                .mapToInt(Integer::intValue).toArray();
    }

    /** The last position with t[i] <= f, or -1. */
    static int lastAtOrBefore(long[] t, long f) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= f) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    private static long nearestDistance(long[] t, int before, int after, long f) {
        long best = Long.MAX_VALUE;
        if (before >= 0) {
            best = f - t[before];
        }
        if (after >= 0) {
            best = Math.min(best, t[after] - f);
        }
        return best;
    }

    private static boolean anyChannelZero(Controls controls, int row) {
        for (int c = 0; c < controls.channels().size(); c++) {
            if (controls.value(c, row) == 0) {
                return true;
            }
        }
        return false;
    }
}
