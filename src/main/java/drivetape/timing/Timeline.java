package drivetape.timing;

import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.serial.PingLog;
import drivetape.serial.Pong;

/**
 * The one place that decides when things happened, for a whole session: control records through the clock
 * fit of their board's segment (with the known UART time of each line taken off first), frames through the
 * {@link FrameTimeRule}, all on one time base.
 *
 * <p>With a board that answers pings, each pong is matched with its ping in the {@link PingLog} and gives
 * the clock a lower bound (ping write started + the ping's wire time), as each line gives an upper bound
 * (arrival - its wire time): the two-way exchange.
 *
 * <p>Pure and single-threaded (the session's timeline thread calls it); no allocation per record.
 */
public final class Timeline {
    private static final double BITS_PER_BYTE_8N1 = 10.0;

    private final TimeBase timeBase;
    private final ControlClock clock;
    private final double nanosPerWireByte;
    private FrameTimeRule frameRule;
    private Hello.Link link = Hello.Link.UART;
    private PingLog pings;
    private final DelayHistogram roundTrips = new DelayHistogram();
    private long rttMinNs = Long.MAX_VALUE;
    private long pongs;

    /**
     * @param baud the serial rate: with a UART link, a line of n bytes is on the wire for n x 10 / baud
     *             seconds before the bridge even sees its end
     */
    public Timeline(TimeBase timeBase, ControlClock clock, int baud, FrameTimeRule frameRule) {
        this.timeBase = timeBase;
        this.clock = clock;
        this.nanosPerWireByte = BITS_PER_BYTE_8N1 * 1e9 / baud;
        this.frameRule = frameRule;
    }

    public TimeBase timeBase() {
        return timeBase;
    }

    /** A (re)opened camera may stamp differently. */
    public void frameRule(FrameTimeRule rule) {
        this.frameRule = rule;
    }

    public FrameTimeRule frameRule() {
        return frameRule;
    }

    /** The pings the session sends, to match pongs with (none: pongs are only events). */
    public void pings(PingLog log) {
        this.pings = log;
    }

    /**
     * Takes a record that may be a pong: matched with its ping, it bounds the clock from below. Call it after
     * {@link #controlTimeNs} for the same record (the pong's own line is an upper bound like any other).
     *
     * @return whether it was a pong matched with a ping
     */
    public boolean onPong(ControlRecord record) {
        long n = Pong.number(record);
        if (n < 0 || pings == null) {
            return false;
        }
        int slot = pings.find(n);
        if (slot < 0) {
            return false;
        }
        long start = pings.startNanoTime(slot);
        int bytes = pings.lineBytes(slot);
        if (!pings.still(slot, n) || record.receiveNanoTime - start < 0) {
            return false;
        }
        // The board cannot have read the newline before the ping's last byte crossed the wire.
        clock.onLowerBound(record.segment, record.deviceUs, timeBase.toEpochNs(start) + wireNs(bytes));
        long rtt = record.receiveNanoTime - start;
        roundTrips.add(rtt);
        rttMinNs = Math.min(rttMinNs, rtt);
        pongs++;
        return true;
    }

    /** The board's hello says how its lines travel. */
    public void onHello(Hello hello) {
        link = hello.link();
    }

    public Hello.Link link() {
        return link;
    }

    /** When the host read the record's line, on the time base. */
    public long receiveNs(ControlRecord record) {
        return timeBase.toEpochNs(record.receiveNanoTime);
    }

    /** The time a line of {@code lineBytes} spends on the UART wire (0 for a native-USB board). */
    public long wireNs(int lineBytes) {
        return link == Hello.Link.UART ? Math.round(lineBytes * nanosPerWireByte) : 0;
    }

    /** The best estimate, as it stands, of when a sample's or event's values were measured. */
    public long controlTimeNs(ControlRecord record) {
        long receiveNs = receiveNs(record);
        return clock.toEpisodeNs(record.segment, record.deviceUs, receiveNs - wireNs(record.lineBytes));
    }

    /** A frame's capture moment on the time base. */
    public long frameTimeNs(long receiveNanoTime, long deviceTimestampUs) {
        return timeBase.toEpochNs(frameRule.captureNanoTime(receiveNanoTime, deviceTimestampUs));
    }

    /** The clock fit as it stands (cheap, for live figures). */
    public ClockFit fit() {
        return withExchanges(clock.fit());
    }

    /** The clock fit over everything seen (for an episode's end). */
    public ClockFit fitAll() {
        return withExchanges(clock.fitAll());
    }

    private ClockFit withExchanges(ClockFit fit) {
        long sent = pings == null ? 0 : pings.sentCount();
        if (sent == 0) {
            return fit;
        }
        TwoWay brackets = fit.twoWay() != null ? fit.twoWay() : new TwoWay(0, 0, 0, 0, 0, 0, 0, 0);
        return fit.withTwoWay(brackets.withExchanges(pongs == 0 ? 0 : rttMinNs / 1e6,
                pongs == 0 ? 0 : roundTrips.percentileMs(0.5), sent, pongs));
    }

    /**
     * The mapping from everything seen so far, to rewrite an ending episode's control times with, or null
     * to keep the times given while recording. Allocates and fits afresh: call it once per episode.
     */
    public SegmentTimeMapping finalMapping() {
        return clock.finalMapping();
    }
}
