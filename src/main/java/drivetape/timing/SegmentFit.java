package drivetape.timing;

/**
 * The envelope fit of one clock segment (the records between two board resets).
 *
 * @param segment the segment number (0, then +1 per reset)
 * @param samples records of the segment
 * @param firstDeviceUs device time of its first record
 * @param durationS device seconds from its first record to its last
 * @param driftPpm mean drift over the segment: + when the device clock runs fast
 * @param offsetNs host time (episode base) of device time 0 on the segment's envelope line
 */
public record SegmentFit(int segment, long samples, long firstDeviceUs, double durationS, double driftPpm,
                         long offsetNs) {
}
