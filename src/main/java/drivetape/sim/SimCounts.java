package drivetape.sim;

/**
 * What the simulated controller sent (or, for a schedule, generated), so tests can compare it with what a
 * recorder counted.
 *
 * @param samples     {@code $} records sent, corrupt ones included
 * @param events      {@code !} records sent, corrupt ones included
 * @param corrupt     records sent with a deliberately wrong checksum
 * @param lost        records deliberately not sent (each left a gap in seq)
 * @param bytes       every byte sent, boot noise and hello included
 * @param hostLines   complete lines the board read from the host
 * @param hostIgnored of those, the ones it did not act on (unknown, malformed, not announced in caps=)
 */
public record SimCounts(long samples, long events, long corrupt, long lost, long bytes, long hostLines,
                        long hostIgnored) {

    public static final SimCounts NONE = new SimCounts(0, 0, 0, 0, 0, 0, 0);

    /** Records with a seq that were generated: sent, corrupt or lost. */
    public long records() {
        return samples + events + lost;
    }

    /** For a summary, e.g. "1500 samples, 2 events, 3 corrupt, 1 lost, 37512 bytes". */
    public String summary() {
        return samples + " samples, " + events + " events, " + corrupt + " corrupt, " + lost + " lost, "
                + bytes + " bytes";
    }

    /** For a summary, e.g. "read 4 host lines (1 ignored)". */
    public String hostLinesSummary() {
        return "read " + hostLines + " host lines (" + hostIgnored + " ignored)";
    }
}
