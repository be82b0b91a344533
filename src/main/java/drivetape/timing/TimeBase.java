package drivetape.timing;

import java.time.Instant;

/**
 * The episode's one time base: the host's monotonic clock (System.nanoTime, CLOCK_MONOTONIC on Linux),
 * anchored to the wall clock once at the start, so that an NTP step during recording does not bend the
 * data. Every t_ns and receive_ns in an episode is {@link #toEpochNs(long)} of a monotonic reading.
 */
public record TimeBase(long epochNsAtStart, long monotonicNsAtStart) {

    public static TimeBase anchorNow() {
        // Read the two clocks back to back; take the wall reading between two monotonic ones so the anchor
        // error is at most half the gap.
        long before = System.nanoTime();
        Instant wall = Instant.now();
        long after = System.nanoTime();
        long epochNs = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        return new TimeBase(epochNs, before + (after - before) / 2);
    }

    /** Nanoseconds since the Unix epoch for a System.nanoTime() reading. */
    public long toEpochNs(long monotonicNs) {
        return epochNsAtStart + (monotonicNs - monotonicNsAtStart);
    }

    /** Seconds since the start for a System.nanoTime() reading. */
    public double secondsSinceStart(long monotonicNs) {
        return (monotonicNs - monotonicNsAtStart) / 1e9;
    }
}
