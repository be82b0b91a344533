package drivetape.timing;

/**
 * The design note's mapping: a record happened when its line was read. Late by the serial bridge's
 * buffering and jittery, but never invented; kept as the baseline {@link EnvelopeClock} is measured
 * against, and for tests that need times to pass through unchanged.
 */
public final class ReceiveTimeClock implements ControlClock {
    private int segments;
    private int lastSegment = -1;
    private long samples;

    @Override
    public long toEpisodeNs(int segment, long deviceUs, long receiveNs) {
        if (segment != lastSegment) {
            lastSegment = segment;
            segments++;
        }
        samples++;
        return receiveNs;
    }

    @Override
    public ClockFit fit() {
        return new ClockFit("receive_time", 0.0, 0, 0.0, segments, samples);
    }
}
