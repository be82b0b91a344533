package drivetape.timing;

import java.util.concurrent.TimeUnit;

/**
 * {@link SyncQuality} and both streams' {@link IntervalStats} while recording, in constant memory (about
 * 310 KB with the defaults, whatever the episode's length) and constant time per time added: fed each control
 * sample's and each frame's t_ns as they come, interleaved, each stream nearly in order.
 *
 * <p>Mean, jitter and max of the intervals are exact, their percentiles within 1% (see
 * {@link IntervalAccumulator}). max_offset_ms is exact unless {@link #maxOffsetExact()} says otherwise; the
 * cases where it can differ from the exact figure ({@link SyncQuality#of(long[], long[])} on the same times)
 * are listed in {@link MaxOffsetAccumulator}. With the defaults: a control more than 20 ms earlier than the
 * latest one; a frame reaching the writer behind more than 16384 controls (16 s at 1 kHz); more than 2048
 * frames (17 s at 120 fps) with no control within 20 ms after them.
 *
 * <p>One thread (the episode writer's): the adds allocate nothing; {@link #quality()} and the interval
 * getters allocate their records and take microseconds, not time in proportion to the episode.
 */
public final class SyncAccumulator {
    public static final int DEFAULT_CONTROL_WINDOW = 16_384;
    public static final int DEFAULT_PENDING_FRAMES = 2_048;
    public static final long DEFAULT_DISORDER_NS = TimeUnit.MILLISECONDS.toNanos(20);

    private final IntervalAccumulator controls = new IntervalAccumulator();
    private final IntervalAccumulator frames = new IntervalAccumulator();
    private final MaxOffsetAccumulator offsets;

    public SyncAccumulator() {
        this(DEFAULT_CONTROL_WINDOW, DEFAULT_PENDING_FRAMES, DEFAULT_DISORDER_NS);
    }

    /**
     * @param controlWindow latest controls kept for frames that reach the writer after them: more than the
     *                      controls that come during the frames' delay to the writer
     * @param pendingFrames frames kept waiting for controls still to come: more than the frames in the longest
     *                      hold-up of the control records to expect
     * @param disorderNs how much earlier than the latest one a control's t_ns may still come
     */
    public SyncAccumulator(int controlWindow, int pendingFrames, long disorderNs) {
        this.offsets = new MaxOffsetAccumulator(controlWindow, pendingFrames, disorderNs);
    }

    /** A control sample's t_ns, in the order the samples come. */
    public void addControl(long tNs) {
        controls.add(tNs);
        offsets.addControl(tNs);
    }

    /** A frame's t_ns, in the order the frames come. */
    public void addFrame(long tNs) {
        frames.add(tNs);
        offsets.addFrame(tNs);
    }

    public SyncQuality quality() {
        return SyncQuality.of(controls.stats(), frames.stats(), offsets.maxOffsetNs() / 1e6,
                controls.times() > 0 && frames.times() > 0);
    }

    public IntervalStats controlIntervals() {
        return controls.stats();
    }

    public IntervalStats frameIntervals() {
        return frames.stats();
    }

    /** True while max_offset_ms is certainly the exact figure for the times so far. */
    public boolean maxOffsetExact() {
        return offsets.exact();
    }

    /** Forgets every time (a new episode); allocation-free. */
    public void clear() {
        controls.clear();
        frames.clear();
        offsets.clear();
    }

    /** Bytes held in buffers and histograms; fixed at construction. */
    int footprintBytes() {
        return controls.footprintBytes() + frames.footprintBytes() + Long.BYTES * offsets.bufferLongs();
    }

    MaxOffsetAccumulator offsets() {
        return offsets;
    }
}
