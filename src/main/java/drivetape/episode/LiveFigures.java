package drivetape.episode;

import drivetape.timing.IntervalStats;
import drivetape.timing.SyncAccumulator;
import drivetape.timing.SyncQuality;

/**
 * The episode's rates, intervals and sync quality while it records, for the live metadata and the status:
 * streaming, in constant memory and time however long the episode. The figures of a finished episode are
 * computed again, exactly, from its files.
 */
final class LiveFigures {
    private final SyncAccumulator sync = new SyncAccumulator();

    void onControl(long tNs) {
        sync.addControl(tNs);
    }

    void onFrame(long tNs) {
        sync.addFrame(tNs);
    }

    IntervalStats controls() {
        return sync.controlIntervals();
    }

    IntervalStats frames() {
        return sync.frameIntervals();
    }

    SyncQuality sync() {
        return sync.quality();
    }
}
