package drivetape.timing;

import java.util.Arrays;

/**
 * One clock segment's lower envelope of {@code receive - device}: the history the final mapping is built
 * from, and the online line each new record is mapped with.
 *
 * <p>Coordinates are relative to the segment's first record, so doubles stay exact: {@code x} is device
 * micros since it, {@code y} is {@code (receive_ns - device_us * 1000)} minus its value then. A record
 * late by {@code delay} lies {@code delay} above the true line {@code y = a + s x}, never below.
 *
 * <p>Records are grouped into windows of {@link #WINDOW_US} device time and only each window's lowest
 * record is kept (lowest after removing the current slope, so a steep drift does not pick a wrong one):
 * the lower hull of all records runs through such minima, so they carry what the fit needs, at a few
 * entries a second. Each closed window refits the online line over the last {@link #ONLINE_WINDOWS}.
 */
final class EnvelopeSegment {
    static final long WINDOW_US = 100_000;
    /** 30 s of windows: long enough to pin the slope to a ppm, short enough to follow a warming board. */
    static final int ONLINE_WINDOWS = 300;
    /** The online line takes a slope from 1 s of data on; before, the floor of the last 0.5 s. */
    static final long MIN_SLOPE_SPAN_US = 1_000_000;
    static final long RECENT_US = 500_000;
    /** About 1% drift (ns of y per us of x), ten times a bad ceramic resonator. */
    static final double MAX_SLOPE = 10.0;
    /** The final mapping follows drift changes with a local fit every 10 s over +-30 s of data. */
    static final long KNOT_STEP_US = 10_000_000;
    static final long LOCAL_HALF_US = 30_000_000;
    private static final int MIN_LOCAL_WINDOWS = 20;
    /** A window whose fastest record is this late is a host stall. */
    static final long STALLED_NS = ClockFit.LATE_LINE_NS;

    final int id;
    final long originUs;
    final long originDiffNs;
    final long firstReceiveNs;
    private long samples;
    private long lastX;

    private long[] xs = new long[256];
    private long[] ys = new long[256];
    private int windows;

    private long windowIndex = Long.MIN_VALUE;
    private long windowX;
    private long windowY;
    private double windowMinResidual;

    private double slope;
    private double intercept = Double.POSITIVE_INFINITY;
    private final EnvelopeLine line;
    /** The two-way exchange's side: pongs (see {@link LowerBounds}). */
    private final LowerBounds lower = new LowerBounds();
    /** The highest consistent lower bound under the online line's slope, or -inf. */
    private double lowerIntercept = Double.NEGATIVE_INFINITY;
    /** Where the online line's data starts (device x): lower bounds from there on count online. */
    private long onlineFromX;

    EnvelopeSegment(int id, long deviceUs, long receiveNs, EnvelopeLine sharedLine) {
        this.id = id;
        this.originUs = deviceUs;
        this.originDiffNs = receiveNs - deviceUs * 1000;
        this.firstReceiveNs = receiveNs;
        this.line = sharedLine;
    }

    /**
     * Takes the next record and returns the online envelope at its device time, as a y (see class doc).
     * It is never above the record's own y: a record is never placed after it arrived.
     */
    double add(long deviceUs, long receiveNs) {
        long x = Math.max(lastX, deviceUs - originUs); // the tracker keeps device time monotonic; be safe
        long y = receiveNs - deviceUs * 1000 - originDiffNs;
        lastX = x;
        samples++;
        long index = x / WINDOW_US;
        if (index != windowIndex) {
            if (windowIndex != Long.MIN_VALUE) {
                closeWindow();
            }
            windowIndex = index;
            windowMinResidual = Double.POSITIVE_INFINITY;
        }
        double residual = y - slope * x;
        if (residual < windowMinResidual) {
            windowMinResidual = residual;
            windowX = x;
            windowY = y;
        }
        return slope * x + LowerBounds.between(Math.min(intercept, windowMinResidual), lowerIntercept);
    }

    /**
     * Takes a lower bound from the two-way exchange: the board's clock read {@code deviceUs} no earlier than
     * host time {@code hostNs} (same base as the records' receive times).
     */
    void addLowerBound(long deviceUs, long hostNs) {
        long x = deviceUs - originUs;
        long y = hostNs - deviceUs * 1000 - originDiffNs;
        lower.add(x, y);
        double b = y - slope * x;
        if (b > lowerIntercept && LowerBounds.consistent(b, Math.min(intercept, windowMinResidual))) {
            lowerIntercept = b;
        }
    }

    /** Lower bounds taken so far. */
    int lowerBounds() {
        return lower.count();
    }

    private void closeWindow() {
        if (isStalled(windowX, windowY)) {
            return;
        }
        if (windows == xs.length) {
            xs = Arrays.copyOf(xs, windows * 2);
            ys = Arrays.copyOf(ys, windows * 2);
        }
        xs[windows] = windowX;
        ys[windows] = windowY;
        windows++;
        int from = Math.max(0, windows - ONLINE_WINDOWS);
        if (xs[windows - 1] - xs[from] >= MIN_SLOPE_SPAN_US) {
            line.fit(xs, ys, from, windows, slope, MAX_SLOPE);
            slope = line.slope();
            intercept = line.intercept();
            onlineFromX = xs[from];
        } else {
            // Too short to tell the drift from the delays' noise (a slope from half a second of 16 ms jitter
            // can be off by percent): assume none, and take the floor from the last moments only, so an
            // unknown drift of 5000 ppm costs at most 2.5 ms.
            intercept = Double.POSITIVE_INFINITY;
            for (int i = windows - 1; i >= 0 && xs[windows - 1] - xs[i] < RECENT_US; i--) {
                intercept = Math.min(intercept, ys[i]);
                onlineFromX = xs[i];
            }
        }
        // Allocation-free, over the pongs of the online line's span (30 s: about a hundred).
        lowerIntercept = lower.highest(slope, onlineFromX, Long.MAX_VALUE, intercept);
    }

    /**
     * Whether even the fastest record of a window came far above the envelope: the host was not reading
     * (a stall), and the window says nothing about the envelope. Kept out of the fits, where its points
     * would be hull ends however late they are.
     */
    private boolean isStalled(long x, long y) {
        return intercept != Double.POSITIVE_INFINITY && y - (slope * x + intercept) > STALLED_NS;
    }

    long samples() {
        return samples;
    }

    /** Device micros from the first record to the last. */
    long spanUs() {
        return lastX;
    }

    /** Window minima so far, the open window's included: {x[], y[]} of equal length. */
    private long[][] points() {
        return points(Integer.MAX_VALUE);
    }

    /** The last {@code most} window minima (and the open window), copied: the history is never handed out. */
    private long[][] points(int most) {
        boolean open = windowIndex != Long.MIN_VALUE && (windows == 0 || !isStalled(windowX, windowY));
        int from = Math.max(0, windows - most);
        int n = windows - from + (open ? 1 : 0);
        long[] px = Arrays.copyOfRange(xs, from, from + n);
        long[] py = Arrays.copyOfRange(ys, from, from + n);
        if (open) {
            px[n - 1] = windowX;
            py[n - 1] = windowY;
        }
        return new long[][] {px, py};
    }

    /** One line under all of the segment's records (off the hot path: allocates). */
    SegmentSummary summary(long fixedLatencyNs) {
        return summary(fixedLatencyNs, Integer.MAX_VALUE);
    }

    /**
     * One line under the segment's last {@code mostWindows} windows: what the live metadata reports, at a cost
     * that does not grow with the session (the final mapping at an episode's end still uses everything).
     */
    SegmentSummary summary(long fixedLatencyNs, int mostWindows) {
        long[][] p = points(mostWindows);
        EnvelopeLine all = new EnvelopeLine();
        all.fit(p[0], p[1], 0, p[0].length, slope, MAX_SLOPE);
        long fromX = mostWindows == Integer.MAX_VALUE ? Long.MIN_VALUE : p[0][0];
        BracketLine line = BracketLine.of(all, p[0], p[1], 0, p[0].length, lower, fromX, Long.MAX_VALUE);
        // Host time of device time 0 on the fitted line.
        long offsetNs = originDiffNs + Math.round(line.at(-originUs)) - fixedLatencyNs;
        double upperI = BracketLine.lowestIntercept(p[0], p[1], 0, p[0].length, line.slope());
        return new SegmentSummary(new SegmentFit(id, samples, originUs, lastX / 1e6, driftPpm(line.slope()), offsetNs),
                lower.widthsNs(line.slope(), upperI, fromX, Long.MAX_VALUE), line.twoWay());
    }

    /**
     * A segment's fit for the metadata, with the two-way exchange's part.
     *
     * @param bracketsNs for each consistent pong, the width of the bracket it gave (upper line minus bound)
     * @param twoWay whether pongs moved the line (the offset lies between the two envelopes)
     */
    record SegmentSummary(SegmentFit fit, long[] bracketsNs, boolean twoWay) {
    }

    /**
     * The two-sided mapping from all of the segment's records: one envelope line for a short segment, else
     * a piecewise-linear envelope through local fits, so a slowly changing drift is followed.
     */
    ClockMapping.Segment mapping(long fixedLatencyNs) {
        long[][] p = points();
        long[] px = p[0];
        long[] py = p[1];
        int n = px.length;
        EnvelopeLine fit = new EnvelopeLine();
        if (px[n - 1] - px[0] <= 2 * LOCAL_HALF_US) {
            fit.fit(px, py, 0, n, slope, MAX_SLOPE);
            BracketLine line = BracketLine.of(fit, px, py, 0, n, lower, Long.MIN_VALUE, Long.MAX_VALUE);
            double[] kx = {px[0], px[n - 1]};
            double[] ky = {line.at(px[0]), line.at(px[n - 1])};
            return new ClockMapping.Segment(id, originUs, originDiffNs, firstReceiveNs, fixedLatencyNs, kx, ky,
                    line.slope(), line.slope());
        }
        int knots = (int) ((px[n - 1] - px[0] + KNOT_STEP_US - 1) / KNOT_STEP_US) + 1;
        double[] kx = new double[knots];
        double[] ky = new double[knots];
        double firstSlope = slope;
        double lastSlope = slope;
        int kept = 0;
        int from = 0;
        int to = 0;
        for (int k = 0; k < knots; k++) {
            long knot = Math.min(px[0] + k * KNOT_STEP_US, px[n - 1]);
            while (from < n && px[from] < knot - LOCAL_HALF_US) {
                from++;
            }
            while (to < n && px[to] <= knot + LOCAL_HALF_US) {
                to++;
            }
            if (to - from < MIN_LOCAL_WINDOWS && k != 0 && k != knots - 1) {
                continue; // a gap in the data: interpolate across it
            }
            fit.fit(px, py, from, to, slope, MAX_SLOPE);
            BracketLine line = BracketLine.of(fit, px, py, from, to, lower, from == 0 ? Long.MIN_VALUE : px[from],
                    to == n ? Long.MAX_VALUE : px[to - 1]);
            if (kept == 0) {
                firstSlope = line.slope();
            }
            lastSlope = line.slope();
            kx[kept] = knot;
            ky[kept] = line.at(knot);
            kept++;
        }
        return new ClockMapping.Segment(id, originUs, originDiffNs, firstReceiveNs, fixedLatencyNs,
                Arrays.copyOf(kx, kept), Arrays.copyOf(ky, kept), firstSlope, lastSlope);
    }

    /**
     * y = (receive - device) shrinks by (1 - 1/rate) per device unit when the device clock runs fast by
     * {@code rate}: so rate = 1 / (1 + slope / 1000), exactly, not the first-order -slope.
     */
    static double driftPpm(double slopeNsPerUs) {
        return (1.0 / (1.0 + slopeNsPerUs / 1000.0) - 1.0) * 1e6;
    }
}
