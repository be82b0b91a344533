package drivetape.calibrate;

/**
 * A camera's measured latency: from the middle of a frame's exposure to its {@code t_ns} before correction
 * (the driver's timestamp, or the frame's arrival).
 *
 * @param uncertaintyMs half the width of the range the switches agree on
 * @param switches the LED switches whose brackets agree (of those seen)
 * @param measuredAt ISO-8601 UTC
 * @param ledRegion where the LED was found in the frame
 */
public record CameraCalibration(CameraKey camera, double latencyMs, double uncertaintyMs, int switches,
                                String measuredAt, Region ledRegion) {
}
