package drivetape.dataset;

import drivetape.timing.ClockFit;
import drivetape.timing.IntervalStats;
import drivetape.timing.SyncQuality;
import java.util.Arrays;

/**
 * The t_ns of an episode's control samples and frames, from its files, and the figures made from them
 * exactly: what the final metadata.json, a recovery and {@code drivetape report} all say, computed one way.
 * Sync quality takes the times in file order, as they were recorded; rates and interval percentiles take them
 * sorted, so a board reset does not show as a negative interval.
 *
 * @param lateControls control rows read more than {@link ClockFit#LATE_LINE_NS} after their t_ns: they waited
 *                     (in the port before it was opened, or for a stalled host), so their t_ns comes from the
 *                     clock fit alone, not from when they were read
 */
public record EpisodeTimes(long[] controlNs, long[] frameNs, long lateControls) {

    public static EpisodeTimes of(Controls controls, Frames frames) {
        long[] c = new long[controls.size()];
        long late = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = controls.tNs(i);
            if (controls.receiveNs(i) - c[i] > ClockFit.LATE_LINE_NS) {
                late++;
            }
        }
        long[] f = new long[frames.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = frames.tNs(i);
        }
        return new EpisodeTimes(c, f, late);
    }

    /** For files that cannot be read: nothing measured, so nothing can be called in sync. */
    public static EpisodeTimes none() {
        return new EpisodeTimes(new long[0], new long[0], 0);
    }

    public SyncQuality sync() {
        return SyncQuality.of(controlNs, frameNs);
    }

    public IntervalStats controlIntervals() {
        return IntervalStats.of(sorted(controlNs));
    }

    public IntervalStats frameIntervals() {
        return IntervalStats.of(sorted(frameNs));
    }

    private static long[] sorted(long[] times) {
        long[] copy = times.clone();
        Arrays.sort(copy);
        return copy;
    }
}
