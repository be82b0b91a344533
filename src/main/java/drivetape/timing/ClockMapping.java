package drivetape.timing;

import java.util.List;

/**
 * The final, two-sided device-to-host mapping of an episode, from all of each segment's records: early
 * records get the benefit of later ones. Immutable; safe to use from any thread.
 *
 * <p>controls.csv and events.csv carry no segment column, but segments never overlap in receive time (a
 * reset comes after the last record of the old one), so {@link #toEpisodeNs(long, long)} finds a row's
 * segment from its receive_ns.
 */
public final class ClockMapping implements SegmentTimeMapping {
    private final List<Segment> segments;

    ClockMapping(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** The segments mapped, in the order they started. */
    public int segmentCount() {
        return segments.size();
    }

    /**
     * @param segment the record's clock segment, as passed to {@link ControlClock#toEpisodeNs}
     * @param deviceUs the record's device time, unwrapped within the segment
     * @return the estimated moment of measurement, on the episode time base
     * @throws IllegalArgumentException for a segment the clock never saw
     */
    @Override
    public long toEpisodeNs(int segment, long deviceUs) {
        // Segment numbers only grow; the last one with the number is the one in use.
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).id == segment) {
                return segments.get(i).toEpisodeNs(deviceUs);
            }
        }
        throw new IllegalArgumentException("no records of clock segment " + segment + " were seen");
    }

    /**
     * Maps a row of controls.csv or events.csv: the segment is the last one that had started by
     * {@code receiveNs}, and the result is never later than the row was received.
     *
     * @throws IllegalStateException when the clock saw no records at all
     */
    public long toEpisodeNs(long deviceUs, long receiveNs) {
        if (segments.isEmpty()) {
            throw new IllegalStateException("the clock saw no records");
        }
        Segment owner = segments.get(0);
        for (Segment s : segments) {
            if (s.firstReceiveNs <= receiveNs) {
                owner = s;
            }
        }
        return Math.min(owner.toEpisodeNs(deviceUs), receiveNs - owner.fixedLatencyNs);
    }

    /** One segment's envelope: piecewise linear through knots, straight lines beyond the ends. */
    static final class Segment {
        final int id;
        final long originUs;
        final long originDiffNs;
        final long firstReceiveNs;
        final long fixedLatencyNs;
        private final double[] knotX;
        private final double[] knotY;
        private final double slopeBefore;
        private final double slopeAfter;

        Segment(int id, long originUs, long originDiffNs, long firstReceiveNs, long fixedLatencyNs,
                double[] knotX, double[] knotY, double slopeBefore, double slopeAfter) {
            this.id = id;
            this.originUs = originUs;
            this.originDiffNs = originDiffNs;
            this.firstReceiveNs = firstReceiveNs;
            this.fixedLatencyNs = fixedLatencyNs;
            this.knotX = knotX;
            this.knotY = knotY;
            this.slopeBefore = slopeBefore;
            this.slopeAfter = slopeAfter;
        }

        long toEpisodeNs(long deviceUs) {
            double x = deviceUs - originUs;
            return deviceUs * 1000 + originDiffNs + Math.round(envelopeAt(x)) - fixedLatencyNs;
        }

        private double envelopeAt(double x) {
            int last = knotX.length - 1;
            if (x <= knotX[0]) {
                return knotY[0] + slopeBefore * (x - knotX[0]);
            }
            if (x >= knotX[last]) {
                return knotY[last] + slopeAfter * (x - knotX[last]);
            }
            int lo = 0;
            int hi = last;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (knotX[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double t = (x - knotX[lo]) / (knotX[hi] - knotX[lo]);
            return knotY[lo] + t * (knotY[hi] - knotY[lo]);
        }
    }
}
