package drivetape.timing;

import java.util.List;

/**
 * The device-to-host clock mapping as reported in metadata.json.
 *
 * @param method how t_ns is derived ("receive_time" until a fitted mapping is used, "lower_envelope" then)
 * @param driftPpm how much faster (+) or slower (-) the device clock runs than the host's, in ppm
 * @param offsetNs the host time (episode base) of device time 0 in the last segment, on the lower envelope
 * @param residualP99Ms p99 of the receive delays above the fitted lower envelope, in ms, of the lines that came
 *                      by the serial path: a line more than {@link #LATE_LINE_NS} late waited, and is not in it
 * @param segments clock segments seen (1 + board resets)
 * @param samples records the fit has seen
 * @param perSegment the fit of each segment, oldest first (empty when the method does not fit segments)
 * @param twoWay the two-way exchange with the board, or null when the host sent no pings
 */
public record ClockFit(String method, double driftPpm, long offsetNs, double residualP99Ms, int segments,
                       long samples, List<SegmentFit> perSegment, TwoWay twoWay) {
    /**
     * A line read this long after the moment the fit puts it at did not come by the serial path (bridges
     * hold lines for 16 ms at most): it waited, in the port before the recorder opened it (a board that does
     * not reset on open) or while the host was not reading. Its receive time says nothing about the clock.
     */
    public static final long LATE_LINE_NS = 50_000_000;

    public ClockFit {
        perSegment = List.copyOf(perSegment);
    }

    public ClockFit(String method, double driftPpm, long offsetNs, double residualP99Ms, int segments,
                    long samples, List<SegmentFit> perSegment) {
        this(method, driftPpm, offsetNs, residualP99Ms, segments, samples, perSegment, null);
    }

    public ClockFit(String method, double driftPpm, long offsetNs, double residualP99Ms, int segments,
                    long samples) {
        this(method, driftPpm, offsetNs, residualP99Ms, segments, samples, List.of());
    }

    /** The same fit with the two-way exchange's figures. */
    public ClockFit withTwoWay(TwoWay exchange) {
        return new ClockFit(method, driftPpm, offsetNs, residualP99Ms, segments, samples, perSegment, exchange);
    }
}
