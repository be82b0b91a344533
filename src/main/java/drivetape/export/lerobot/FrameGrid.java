package drivetape.export.lerobot;

import drivetape.dataset.Aligned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An episode's aligned rows on LeRobot's frame grid. LeRobot needs {@code timestamp = frame_index / fps} and
 * seeks video by it, but a camera's frames come when they come: grid frame k (at the first row's time plus
 * k / fps) takes the aligned row nearest to it in time, so a frame may repeat (a camera slower than the grid,
 * a dropped frame) or be skipped (a faster one).
 *
 * <p>A gap in the rows (an excluded range, frames without controls, a long stall) is not bridged: the rows are
 * split there into separate runs, each its own LeRobot episode, so no grid frame is ever far from the frame it
 * shows. A gap is consecutive rows more than {@link #MIN_GAP_NS} or three typical frame intervals apart.
 */
final class FrameGrid {
    static final long MIN_GAP_NS = 250_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;

    /**
     * One run of rows on the grid.
     *
     * @param rows the aligned row of each grid frame, in order
     * @param startNs the time of grid frame 0 (its first row's t_ns)
     */
    record Run(int[] rows, long startNs) {
        int length() {
            return rows.length;
        }
    }

    private FrameGrid() {
    }

    static List<Run> runs(Aligned aligned, int fps) {
        List<Run> runs = new ArrayList<>();
        int n = aligned.size();
        if (n == 0) {
            return runs;
        }
        long gap = gapNs(aligned);
        int first = 0;
        for (int row = 1; row <= n; row++) {
            if (row == n || aligned.tNs(row) - aligned.tNs(row - 1) > gap) {
                runs.add(resample(aligned, first, row - 1, fps));
                first = row;
            }
        }
        return runs;
    }

    /** The gap that splits a run: three median frame intervals, at least {@link #MIN_GAP_NS}. */
    static long gapNs(Aligned aligned) {
        int n = aligned.size();
        if (n < 2) {
            return MIN_GAP_NS;
        }
        long[] intervals = new long[n - 1];
        for (int i = 1; i < n; i++) {
            intervals[i - 1] = aligned.tNs(i) - aligned.tNs(i - 1);
        }
        Arrays.sort(intervals);
        return Math.max(MIN_GAP_NS, 3 * intervals[intervals.length / 2]);
    }

    /** Rows first..last on the grid: every grid time up to the last row's, each with its nearest row. */
    private static Run resample(Aligned aligned, int first, int last, int fps) {
        long start = aligned.tNs(first);
        long span = aligned.tNs(last) - start;
        int frames = Math.toIntExact(span * fps / NS_PER_S + 1);
        int[] rows = new int[frames];
        int row = first;
        for (int k = 0; k < frames; k++) {
            long t = start + gridOffsetNs(k, fps);
            while (row < last && Math.abs(aligned.tNs(row + 1) - t) < Math.abs(aligned.tNs(row) - t)) {
                row++;
            }
            rows[k] = row;
        }
        return new Run(rows, start);
    }

    /** Grid frame k's time after frame 0, rounded to the nanosecond. */
    static long gridOffsetNs(long k, int fps) {
        return (k * NS_PER_S + fps / 2) / fps;
    }
}
