package drivetape.timing;

/**
 * The one rule for a frame's {@code t_ns}, the best estimate of its capture moment: the driver's buffer
 * timestamp where the source gives one on the host's monotonic clock (V4L2 stamps on CLOCK_MONOTONIC, the
 * clock System.nanoTime() reads), else the moment the recorder got the frame; then moved earlier by the
 * camera's known latency (exposure to timestamp).
 *
 * <p>Frames stamped on arrival from a network camera are, when their episode ends, also put on the camera's
 * steady frame clock ({@link FrameClock}, by {@code TimeRefinement.rewriteFrames}): the same rule, with the
 * arrival's varying delay taken out as the lower envelope takes it out of the controls.
 *
 * <p>A driver timestamp is believed only when it is plausibly on our clock: not after the frame arrived and
 * less than a second before it (a driver on another clock, or a stale buffer, gives a wild value).
 *
 * @param deviceTimestamps whether the source's timestamps are on the host's monotonic clock at all
 * @param latencyNs the camera's latency from exposure to its timestamp (or to arrival), 0 when unknown
 */
public record FrameTimeRule(boolean deviceTimestamps, long latencyNs) {
    public static final long MAX_DRIVER_AGE_NS = 1_000_000_000L;

    public FrameTimeRule {
        if (latencyNs < 0) {
            throw new IllegalArgumentException("camera latency must be >= 0 ns, was " + latencyNs);
        }
    }

    public static FrameTimeRule ofLatencyMs(boolean deviceTimestamps, double latencyMs) {
        return new FrameTimeRule(deviceTimestamps, Math.round(latencyMs * 1e6));
    }

    /**
     * @param receiveNanoTime System.nanoTime() when the frame was handed to the recorder
     * @param deviceTimestampUs the driver's timestamp in microseconds, or Long.MIN_VALUE when there is none
     * @return the capture moment as a System.nanoTime() reading
     */
    public long captureNanoTime(long receiveNanoTime, long deviceTimestampUs) {
        return stamp(receiveNanoTime, deviceTimestampUs) - latencyNs;
    }

    /** Whether the driver's timestamp is the one used (else the arrival time). */
    public boolean usesDriverTimestamp(long receiveNanoTime, long deviceTimestampUs) {
        if (!deviceTimestamps || deviceTimestampUs == Long.MIN_VALUE) {
            return false;
        }
        long age = receiveNanoTime - deviceTimestampUs * 1000;
        return age >= 0 && age < MAX_DRIVER_AGE_NS;
    }

    private long stamp(long receiveNanoTime, long deviceTimestampUs) {
        return usesDriverTimestamp(receiveNanoTime, deviceTimestampUs) ? deviceTimestampUs * 1000 : receiveNanoTime;
    }
}
