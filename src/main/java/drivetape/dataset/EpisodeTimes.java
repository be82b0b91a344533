package drivetape.dataset;

import drivetape.timing.IntervalStats;
import drivetape.timing.SyncQuality;
import java.util.Arrays;

/**
 * The t_ns of an episode's control samples and frames, from its files, and the figures made from them
 * exactly: what the final metadata.json, a recovery and {@code drivetape report} all say, computed one way.
 * Sync quality takes the times in file order, as they were recorded; rates and interval percentiles take them
 * sorted, so a board reset does not show as a negative interval.
 */
public record EpisodeTimes(long[] controlNs, long[] frameNs) {

    public static EpisodeTimes of(Controls controls, Frames frames) {
        long[] c = new long[controls.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = controls.tNs(i);
        }
        long[] f = new long[frames.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = frames.tNs(i);
        }
        return new EpisodeTimes(c, f);
    }

    /** For files that cannot be read: nothing measured, so nothing can be called in sync. */
    public static EpisodeTimes none() {
        return new EpisodeTimes(new long[0], new long[0]);
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
