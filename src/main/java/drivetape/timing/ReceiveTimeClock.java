package drivetape.timing;

/**
 * The simplest honest mapping: a record happened when its line was read. Late by the serial bridge's
 * buffering and jittery, but never invented. It still measures the device clock against the host's
 * (drift, and the delivery delay above the lower envelope) so the episode reports how good its
 * timestamps are.
 */
public final class ReceiveTimeClock implements ControlClock {
    private final DelayEnvelope envelope = new DelayEnvelope();

    @Override
    public long toEpisodeNs(int segment, long deviceUs, long receiveNs) {
        envelope.add(segment, deviceUs, receiveNs);
        return receiveNs;
    }

    @Override
    public ClockFit fit() {
        return envelope.fit("receive_time");
    }
}
