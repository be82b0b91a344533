package drivetape.timing;

import java.util.Arrays;

/**
 * One clock segment's lower bounds of {@code host - device}, from the two-way exchange: a pong stamped
 * {@code t_us} by the board answers a ping the host started writing at {@code h0}, and the board cannot have
 * read the ping's newline before its last byte crossed the wire, so {@code host(t_us) >= h0 + wire}. In the
 * segment's coordinates (see {@link EnvelopeSegment}) each is a point that the true line passes above, as
 * every data line is a point it passes below.
 *
 * <p>A late ping (the host stalled after starting the write, the board busy) only gives a lower, looser
 * bound: the fit uses the highest ones, and the late ones lie below and cannot pull it. The other kind of
 * error, a bound above the true line, would need an early pong, which the physics does not allow, so a
 * bound found above the data's envelope by more than {@link #TOLERANCE_NS} says that a model is wrong (a
 * baud rate, a mismatched pong) and is left out; within the tolerance, the two sides are taken to touch.
 *
 * <p>Grows by one entry per pong (a few a second); everything else allocates nothing.
 */
final class LowerBounds {
    /** Model error allowed before a bound contradicts the envelope: a 1% baud error on a 25-byte line. */
    static final long TOLERANCE_NS = 250_000;
    /**
     * The most the best ping of a run is taken to have spent on the way down beyond its modelled UART time:
     * the host's write (tens of us) and one 1 ms USB frame at worst, whose phase is random.
     */
    static final long DOWN_FLOOR_MAX_NS = 500_000;

    private long[] xs = new long[64];
    private long[] ys = new long[64];
    private int count;

    void add(long x, long y) {
        if (count > 0 && x < xs[count - 1]) {
            return; // device time only grows within a segment; a pong out of order is not trusted
        }
        if (count == xs.length) {
            xs = Arrays.copyOf(xs, count * 2);
            ys = Arrays.copyOf(ys, count * 2);
        }
        xs[count] = x;
        ys[count] = y;
        count++;
    }

    int count() {
        return count;
    }

    /** Whether a bound at {@code y - slope x} fits under the envelope line of intercept {@code upper}. */
    static boolean consistent(double lowerIntercept, double upperIntercept) {
        return lowerIntercept <= upperIntercept + TOLERANCE_NS;
    }

    /**
     * The highest line of slope {@code slope} under which no consistent bound of device time
     * {@code [fromX, toX]} lies: its intercept, or negative infinity when there is none.
     */
    double highest(double slope, long fromX, long toX, double upperIntercept) {
        return highestUnder(slope, fromX, toX, slope, upperIntercept);
    }

    /**
     * As {@link #highest}, under another slope: the bounds kept are those consistent with the envelope line
     * ({@code judgeSlope}, {@code judgeUpper}), so a slope tried in a search cannot take outliers back in.
     */
    double highestUnder(double slope, long fromX, long toX, double judgeSlope, double judgeUpper) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = firstAtOrAfter(fromX); i < count && xs[i] <= toX; i++) {
            double b = ys[i] - slope * xs[i];
            if (b > best && consistent(ys[i] - judgeSlope * xs[i], judgeUpper)) {
                best = b;
            }
        }
        return best;
    }

    /**
     * For each consistent bound of {@code [fromX, toX]}, how far under the envelope line it lies: the width
     * of the bracket that exchange gave (allocates; for the metadata).
     */
    long[] widthsNs(double slope, double upperIntercept, long fromX, long toX) {
        long[] widths = new long[count];
        int n = 0;
        for (int i = firstAtOrAfter(fromX); i < count && xs[i] <= toX; i++) {
            double b = ys[i] - slope * xs[i];
            if (consistent(b, upperIntercept)) {
                widths[n++] = Math.max(0, Math.round(upperIntercept - b));
            }
        }
        return Arrays.copyOf(widths, n);
    }

    /**
     * The offset between the two envelopes. The true line lies under the upper one by the smallest delay of
     * the lines up (the bridge's grid or latency timer, the host's read) and over the lower one by the
     * smallest delay of the pings down (the host's write, a USB frame, the board's loop). With nothing to
     * tell which is smaller, the middle is wrong by at most half the bracket (the upper line alone: by all
     * of it). But the two sides are not alike when the bracket is wide: the host writes its pings at random
     * moments against the bridge's frames and the board's loop, so the best of them comes close to the
     * physical floor of the way down, while the lines keep whatever phase the board's clock gives them on
     * the grid, which without drift stays put, up to a whole grid step (16 ms on an FTDI at its default).
     * So the way down is taken to cost at most {@link #DOWN_FLOOR_MAX_NS}: beyond twice that, the rest of
     * the bracket is the lines' share.
     *
     * @return the intercept to use; the upper one when there is no lower bound
     */
    static double between(double upperIntercept, double lowerIntercept) {
        if (lowerIntercept == Double.NEGATIVE_INFINITY) {
            return upperIntercept;
        }
        double lower = Math.min(lowerIntercept, upperIntercept);
        return lower + Math.min((upperIntercept - lower) / 2, DOWN_FLOOR_MAX_NS);
    }

    private int firstAtOrAfter(long x) {
        return SortedTimes.firstAtOrAfter(xs, count, x);
    }
}
