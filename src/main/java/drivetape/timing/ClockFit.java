package drivetape.timing;

import java.util.List;

/**
 * The device-to-host clock mapping as reported in metadata.json.
 *
 * @param method how t_ns is derived ("receive_time" until a fitted mapping is used, "lower_envelope" then)
 * @param driftPpm how much faster (+) or slower (-) the device clock runs than the host's, in ppm
 * @param offsetNs the host time (episode base) of device time 0 in the last segment, on the lower envelope
 * @param residualP99Ms p99 of the receive delays above the fitted lower envelope, in ms
 * @param segments clock segments seen (1 + board resets)
 * @param samples records the fit has seen
 * @param perSegment the fit of each segment, oldest first (empty when the method does not fit segments)
 * @param twoWay the two-way exchange with the board, or null when the host sent no pings
 */
public record ClockFit(String method, double driftPpm, long offsetNs, double residualP99Ms, int segments,
                       long samples, List<SegmentFit> perSegment, TwoWay twoWay) {

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
