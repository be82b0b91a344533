package drivetape.timing;

/**
 * The two-way exchange with the board as reported in metadata.json's {@code clock}: how tightly the pongs
 * bracketed the offset, and what the round trips were.
 *
 * @param bracketMinMs the narrowest bracket: the fitted offset is off by at most half of it
 * @param bracketP50Ms median width of the brackets the pongs gave (data envelope minus each pong's bound)
 * @param bracketP99Ms p99 of those widths
 * @param bounds pongs that gave a consistent bound (the others contradicted the data envelope)
 * @param rttMinMs the fastest round trip: ping write started to pong read
 * @param rttP50Ms the median round trip
 * @param pingsSent pings written to the board
 * @param pongsReceived pongs matched to a ping
 */
public record TwoWay(double bracketMinMs, double bracketP50Ms, double bracketP99Ms, long bounds, double rttMinMs,
                     double rttP50Ms, long pingsSent, long pongsReceived) {
    /** metadata.json {@code clock.method} when pongs placed the offset between the two envelopes. */
    public static final String METHOD = "two_way";

    /** The same brackets with the host side's figures. */
    public TwoWay withExchanges(double rttMin, double rttP50, long sent, long received) {
        return new TwoWay(bracketMinMs, bracketP50Ms, bracketP99Ms, bounds, rttMin, rttP50, sent, received);
    }
}
