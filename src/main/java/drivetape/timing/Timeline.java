package drivetape.timing;

import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;

/**
 * The one place that decides when things happened, for a whole session: control records through the clock
 * fit of their board's segment (with the known UART time of each line taken off first), frames through the
 * {@link FrameTimeRule}, all on one time base.
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
        return clock.fit();
    }

    /** The clock fit over everything seen (for an episode's end). */
    public ClockFit fitAll() {
        return clock.fitAll();
    }

    /**
     * The mapping from everything seen so far, to rewrite an ending episode's control times with, or null
     * to keep the times given while recording. Allocates and fits afresh: call it once per episode.
     */
    public SegmentTimeMapping finalMapping() {
        return clock.finalMapping();
    }
}
