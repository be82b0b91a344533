package drivetape.timing;

/**
 * max_offset_ms while recording: over all frames so far, the largest time from a frame to its nearest control
 * sample, in bounded memory. Fed control and frame times as they come, interleaved, each stream nearly in
 * order (an online clock estimate may step back by a few ms); one thread, nothing allocated per time.
 *
 * <p>How: a frame is measured against a {@link ControlWindow} of the latest controls when it comes. If a
 * control still to come could be nearer, the frame waits among the pending frames, each control coming
 * meanwhile bringing its distance down. A frame is settled, its distance final and folded into the maximum,
 * once the latest control is more than the disorder tolerance beyond the frame plus its distance: every
 * control still to come is then at least that far. {@link #maxOffsetNs()} is the maximum over settled frames
 * and the current distance of pending ones: the exact figure for the frames and controls seen so far.
 *
 * <p>It equals {@link SyncQuality#maxOffsetMs(long[], long[])} on the same times, except in four cases, each
 * of which sets {@link #exact()} to false:
 * <ol>
 *   <li>a control comes more than the disorder tolerance earlier than the latest control seen, after some
 *   frame was settled (a settled frame it is nearer to keeps its larger distance);</li>
 *   <li>a frame comes when the window is full and its distance reaches below the window's oldest control (it
 *   came so late, behind more than the window's count of controls, that a nearer one may have been dropped);
 *   </li>
 *   <li>more frames are pending than the pending capacity (no control within tolerance beyond them, e.g. the
 *   controller stopped or its records were held up): the earliest is settled early with its distance so far;
 *   </li>
 *   <li>as (3) before any control at all has come: such frames have no distance yet; only the earliest of
 *   them is kept (and measured as controls come), the others are forgotten.</li>
 * </ol>
 * In cases 1 to 3 a frame's distance can only be too large, never too small, so the figure is then at least
 * the exact one. Case 3 needs a pause in the controls longer than the pending capacity in frame periods: if no
 * control comes after it (an unplugged controller) the figure is still exact; if controls come again, frames
 * settled early keep their distance to the control before the pause, so the figure can be too high, though
 * both are then far above the 50 ms GOOD limit, unless held-up records arrive later and fill the pause (the
 * status can then say WARNING wrongly). Case 4 can make the figure too low, but only if the first controls
 * to come are earlier than some of the frames seen before them.
 */
final class MaxOffsetAccumulator {
    private static final long UNKNOWN = Long.MAX_VALUE;

    private final long disorderNs;
    private final ControlWindow window;
    private final long[] pendingNs;
    private final long[] pendingDistanceNs;
    private int pending;
    private long controls;
    private long frames;
    private long latestControlNs;
    private long settledMaxNs;
    private long settled;
    /** The earliest frame forgotten in case 4, or UNKNOWN: measured like a pending frame, never settled. */
    private long earliestUnpairedNs = UNKNOWN;
    private long earliestUnpairedDistanceNs = UNKNOWN;
    private boolean exact = true;

    /**
     * @param controlWindow controls kept for frames that come after them (cover the frames' delay to the writer)
     * @param pendingFrames frames kept waiting for controls still to come (cover a gap in the controls)
     * @param disorderNs how much earlier than the latest one a control may still come
     */
    MaxOffsetAccumulator(int controlWindow, int pendingFrames, long disorderNs) {
        if (pendingFrames < 1 || disorderNs < 0) {
            throw new IllegalArgumentException("need pendingFrames >= 1 and disorderNs >= 0");
        }
        this.window = new ControlWindow(controlWindow);
        this.pendingNs = new long[pendingFrames];
        this.pendingDistanceNs = new long[pendingFrames];
        this.disorderNs = disorderNs;
    }

    void addControl(long tNs) {
        if (controls > 0 && tNs < latestControlNs - disorderNs && settled > 0) {
            exact = false;
        }
        latestControlNs = controls == 0 ? tNs : Math.max(latestControlNs, tNs);
        controls++;
        window.add(tNs);
        if (earliestUnpairedNs != UNKNOWN) {
            earliestUnpairedDistanceNs = Math.min(earliestUnpairedDistanceNs, Math.abs(tNs - earliestUnpairedNs));
        }
        int i = 0;
        while (i < pending) {
            long distance = Math.min(pendingDistanceNs[i], Math.abs(tNs - pendingNs[i]));
            if (settles(pendingNs[i], distance)) {
                settle(distance);
                pending--;
                pendingNs[i] = pendingNs[pending];
                pendingDistanceNs[i] = pendingDistanceNs[pending];
            } else {
                pendingDistanceNs[i] = distance;
                i++;
            }
        }
    }

    void addFrame(long tNs) {
        frames++;
        if (window.isEmpty()) {
            addPending(tNs, UNKNOWN);
            return;
        }
        long distance = window.distanceNs(tNs);
        if (window.isFull() && tNs - distance < window.oldestNs()) {
            exact = false;
        }
        if (settles(tNs, distance)) {
            settle(distance);
        } else {
            addPending(tNs, distance);
        }
    }

    /** No control still to come (none earlier than latest - disorder) can be nearer than {@code distance}. */
    private boolean settles(long frameNs, long distance) {
        return distance != UNKNOWN && latestControlNs - disorderNs - frameNs >= distance;
    }

    private void settle(long distance) {
        settledMaxNs = Math.max(settledMaxNs, distance);
        settled++;
    }

    private void addPending(long frameNs, long distance) {
        if (pending == pendingNs.length) {
            evictEarliestPending();
        }
        pendingNs[pending] = frameNs;
        pendingDistanceNs[pending] = distance;
        pending++;
    }

    private void evictEarliestPending() {
        int earliest = 0;
        for (int i = 1; i < pending; i++) {
            if (pendingNs[i] < pendingNs[earliest]) {
                earliest = i;
            }
        }
        exact = false;
        if (pendingDistanceNs[earliest] == UNKNOWN) {
            earliestUnpairedNs = earliestUnpairedNs == UNKNOWN ? pendingNs[earliest]
                    : Math.min(earliestUnpairedNs, pendingNs[earliest]);
        } else {
            settle(pendingDistanceNs[earliest]);
        }
        pending--;
        pendingNs[earliest] = pendingNs[pending];
        pendingDistanceNs[earliest] = pendingDistanceNs[pending];
    }

    /** The largest frame-to-nearest-control distance so far, in ns; 0 without a control or without a frame. */
    long maxOffsetNs() {
        if (controls == 0 || frames == 0) {
            return 0;
        }
        long max = settledMaxNs;
        for (int i = 0; i < pending; i++) {
            max = Math.max(max, pendingDistanceNs[i]);
        }
        if (earliestUnpairedNs != UNKNOWN) {
            max = Math.max(max, earliestUnpairedDistanceNs);
        }
        return max;
    }

    /** False once one of the four cases in the class comment has happened. */
    boolean exact() {
        return exact;
    }

    long controls() {
        return controls;
    }

    long frames() {
        return frames;
    }

    void clear() {
        window.clear();
        pending = 0;
        controls = 0;
        frames = 0;
        settledMaxNs = 0;
        settled = 0;
        earliestUnpairedNs = UNKNOWN;
        earliestUnpairedDistanceNs = UNKNOWN;
        exact = true;
    }

    /** Frames waiting for controls, now; at most the pending capacity. */
    int pendingFrames() {
        return pending;
    }

    /** Longs held in buffers; fixed at construction. */
    int bufferLongs() {
        return window.bufferLength() + pendingNs.length + pendingDistanceNs.length;
    }
}
