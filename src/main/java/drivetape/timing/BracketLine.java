package drivetape.timing;

/**
 * The two-way clock's line over a run of a segment's envelope points (window minima: upper bounds) and its
 * pongs' lower bounds: the slope and offset that the final mapping and the metadata use. Off the hot path
 * (a few hundred points and bounds, a few dozen passes over them).
 *
 * @param slope ns of y per us of x (see {@link EnvelopeSegment})
 * @param intercept y at x = 0
 * @param twoWay whether lower bounds placed the line (else it is the envelope's own)
 */
record BracketLine(double slope, double intercept, boolean twoWay) {
    /**
     * How far from the envelope's slope a better one is looked for: 1000 ppm (ns of y per us of x), about
     * what a partly walked 16 ms grid step can bend it by in 15 s.
     */
    private static final double SLOPE_SEARCH = 1.0;
    /** 0.01 ppm. */
    private static final double SLOPE_RESOLUTION = 1e-5;
    /** Bands this close in width are the same: the envelope's slope is kept. */
    private static final double SAME_BAND_NS = 50_000;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    double at(double x) {
        return intercept + slope * x;
    }

    /**
     * The line the two-way exchange makes of an envelope fit over points {@code [from, to)} (device x
     * {@code [fromX, toX]}) and the lower bounds of the same span; without bounds in range, the envelope
     * line itself.
     *
     * <p>Every line that passes under all the lines' points and over all the bounds is possible, and a wrong
     * slope tilts each side into the other at an end, so the slope of the widest band is the one that leaves
     * both sides their smallest delays. The envelope's own slope is bent where the lines' phase on the
     * bridge's grid walked only part of a step during the fit (little drift, a coarse grid); the pings,
     * written at random moments, are not. The band's width is concave in the slope (the lines' side is a
     * minimum of linear functions, the bounds' a maximum), so a golden-section search finds its top. That
     * slope is taken only when it widens the band by more than {@link #SAME_BAND_NS}: where both sides are
     * tight the top is flat, and 50 lines a second pin a slope better than a flat top does.
     */
    static BracketLine of(EnvelopeLine fit, long[] px, long[] py, int from, int to, LowerBounds lower, long fromX,
                          long toX) {
        Band band = new Band(px, py, from, to, lower, fromX, toX, fit.slope(), fit.intercept());
        if (lower.highest(fit.slope(), fromX, toX, fit.intercept()) == Double.NEGATIVE_INFINITY) {
            return new BracketLine(fit.slope(), fit.intercept(), false);
        }
        double lo = fit.slope() - SLOPE_SEARCH;
        double hi = fit.slope() + SLOPE_SEARCH;
        double a = hi - GOLDEN * (hi - lo);
        double b = lo + GOLDEN * (hi - lo);
        double wa = band.width(a);
        double wb = band.width(b);
        while (hi - lo > SLOPE_RESOLUTION) {
            if (wa < wb) {
                lo = a;
                a = b;
                wa = wb;
                b = lo + GOLDEN * (hi - lo);
                wb = band.width(b);
            } else {
                hi = b;
                b = a;
                wb = wa;
                a = hi - GOLDEN * (hi - lo);
                wa = band.width(a);
            }
        }
        double s = (lo + hi) / 2;
        if (band.width(fit.slope()) >= band.width(s) - SAME_BAND_NS) {
            s = fit.slope();
        }
        return new BracketLine(s, LowerBounds.between(band.upper(s), band.lower(s)), true);
    }

    /** The intercept of the highest line of slope {@code s} under points {@code [from, to)}. */
    static double lowestIntercept(long[] px, long[] py, int from, int to, double s) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            lowest = Math.min(lowest, py[i] - s * px[i]);
        }
        return lowest;
    }

    /**
     * The two sides over one span. The bounds kept are those consistent with the envelope line the search
     * starts from, so a slope tried cannot take outliers back in.
     */
    private record Band(long[] px, long[] py, int from, int to, LowerBounds bounds, long fromX, long toX,
                        double envelopeSlope, double envelopeIntercept) {
        double upper(double s) {
            return lowestIntercept(px, py, from, to, s);
        }

        double lower(double s) {
            return bounds.highestUnder(s, fromX, toX, envelopeSlope, envelopeIntercept);
        }

        double width(double s) {
            return upper(s) - lower(s);
        }
    }
}
