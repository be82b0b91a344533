package drivetape.timing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps device time onto the host clock by the lower envelope of {@code receive - device}.
 *
 * <p>A line reaches the host late by a one-sided, random delay (serial transmission, the USB bridge's
 * buffering, scheduling), never early, so the records that arrived fastest trace the true relation
 * {@code host = offset + device / rate} from below. The fit is a line under all records taken from their
 * lower convex hull (see {@link EnvelopeLine}), not a least-squares line: late records, however many and
 * however late, lie above it and cannot pull it; windows in which every record was over 50 ms late (a host
 * stall) are left out altogether.
 *
 * <ul>
 *   <li>{@link #toEpisodeNs} gives the online estimate, from what has arrived so far: the envelope line of
 *   the last 30 s (the lowest record of the last 0.5 s until 1 s of data can tell a drift), lowered further
 *   by any record of the current 0.1 s window that comes in under it; never after the record arrived.
 *   O(1) amortised, no allocation per record (the history grows by one entry per 0.1 s window).</li>
 *   <li>{@link #finalMapping()} gives the two-sided mapping from all records, for rewriting t_ns when an
 *   episode ends normally; it follows slow drift changes with local fits every 10 s.</li>
 * </ul>
 *
 * <p>Each board reset (a new segment number) starts a new envelope; the old one is kept, unchanged, for
 * the final mapping of its records. Single-threaded: the episode writer's thread calls everything.
 */
public final class EnvelopeClock implements ControlClock {
    public static final String METHOD = "lower_envelope";

    private final long fixedLatencyNs;
    private final EnvelopeLine onlineLine = new EnvelopeLine();
    private final DelayHistogram delays = new DelayHistogram();
    private final List<EnvelopeSegment> segments = new ArrayList<>();
    private EnvelopeSegment current;
    private long samples;

    /** A clock that puts a record on the envelope itself (the fastest delivery counts as no delay). */
    public EnvelopeClock() {
        this(0);
    }

    /**
     * @param fixedLatencyNs a delay every record has on top of the random one, which the envelope cannot see
     *                       (e.g. a line's serial transmission time, about 87 us a byte at 115200 baud);
     *                       subtracted from every estimate
     */
    public EnvelopeClock(long fixedLatencyNs) {
        if (fixedLatencyNs < 0) {
            throw new IllegalArgumentException("fixed latency must be >= 0 ns, was " + fixedLatencyNs);
        }
        this.fixedLatencyNs = fixedLatencyNs;
    }

    @Override
    public long toEpisodeNs(int segment, long deviceUs, long receiveNs) {
        if (current == null || current.id != segment) {
            // Allocates once per board reset, not per record.
            current = new EnvelopeSegment(segment, deviceUs, receiveNs, onlineLine);
            segments.add(current);
        }
        samples++;
        double envelope = current.add(deviceUs, receiveNs);
        long onEnvelopeNs = deviceUs * 1000 + current.originDiffNs + Math.round(envelope);
        // The envelope is never above the record itself, so this is never after the record arrived.
        long delay = receiveNs - onEnvelopeNs;
        if (delay <= ClockFit.LATE_LINE_NS) {
            // A line that waited (in the port before the open, for a stalled host) says nothing of the link's
            // delay: such lines are what clock.late_lines counts (against the final times), not the residual.
            delays.add(delay);
        }
        return onEnvelopeNs - fixedLatencyNs;
    }

    /**
     * The fit as it stands, for the live metadata: each segment's line over its last ten minutes, so that
     * asking twice a second costs the same after five hours as after five minutes. Segments that ended (the
     * board reset since) are fitted once, whole, and kept.
     */
    @Override
    public ClockFit fit() {
        return fit(LIVE_WINDOWS);
    }

    /** The fit over every record of every segment (for an episode's final metadata). */
    @Override
    public ClockFit fitAll() {
        return fit(Integer.MAX_VALUE);
    }

    /** Ten minutes of 0.1 s windows. */
    static final int LIVE_WINDOWS = 6_000;
    private final List<EnvelopeSegment.SegmentSummary> endedSegments = new ArrayList<>();

    @Override
    public void onLowerBound(int segment, long deviceUs, long hostNs) {
        if (current != null && current.id == segment) {
            // On the envelope's scale: the envelope carries the fixed latency that every estimate takes off.
            current.addLowerBound(deviceUs, hostNs + fixedLatencyNs);
        }
    }

    private ClockFit fit(int mostWindows) {
        if (segments.isEmpty()) {
            return new ClockFit(METHOD, 0.0, 0, 0.0, 0, 0);
        }
        while (endedSegments.size() < segments.size() - 1) {
            endedSegments.add(segments.get(endedSegments.size()).summary(fixedLatencyNs));
        }
        List<EnvelopeSegment.SegmentSummary> summaries = new ArrayList<>(endedSegments);
        summaries.add(current.summary(fixedLatencyNs, mostWindows));
        List<SegmentFit> perSegment = new ArrayList<>(summaries.size());
        int bracketCount = 0;
        boolean anyPongs = false;
        for (EnvelopeSegment.SegmentSummary s : summaries) {
            perSegment.add(s.fit());
            bracketCount += s.bracketsNs().length;
        }
        for (EnvelopeSegment s : segments) {
            anyPongs |= s.lowerBounds() > 0;
        }
        SegmentFit last = perSegment.get(perSegment.size() - 1);
        EnvelopeSegment.SegmentSummary lastSummary = summaries.get(summaries.size() - 1);
        String method = lastSummary.twoWay() ? TwoWay.METHOD : METHOD;
        ClockFit fit = new ClockFit(method, last.driftPpm(), last.offsetNs(), delays.percentileMs(0.99),
                segments.size(), samples, perSegment);
        if (!anyPongs) {
            return fit;
        }
        long[] brackets = new long[bracketCount];
        int at = 0;
        for (EnvelopeSegment.SegmentSummary s : summaries) {
            System.arraycopy(s.bracketsNs(), 0, brackets, at, s.bracketsNs().length);
            at += s.bracketsNs().length;
        }
        Arrays.sort(brackets);
        return fit.withTwoWay(new TwoWay(percentileMs(brackets, 0.0), percentileMs(brackets, 0.5),
                percentileMs(brackets, 0.99), brackets.length, 0, 0, 0, 0));
    }

    /** Nearest rank of sorted values, in ms; 0 when empty. */
    private static double percentileMs(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) NearestRank.of(fraction, sorted.length) - 1] / 1e6;
    }

    /**
     * The final mapping from everything seen so far. Off the hot path: it allocates and fits each segment
     * afresh; the clock keeps working afterwards.
     */
    @Override
    public ClockMapping finalMapping() {
        List<ClockMapping.Segment> mapped = new ArrayList<>(segments.size());
        for (EnvelopeSegment s : segments) {
            mapped.add(s.mapping(fixedLatencyNs));
        }
        return new ClockMapping(mapped);
    }
}
