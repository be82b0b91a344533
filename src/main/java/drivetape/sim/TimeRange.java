package drivetape.sim;

/**
 * A stretch of true time from the start of the simulation, {@code [fromS, toS)} in seconds.
 *
 * @param fromS first second inside, >= 0
 * @param toS   first second outside, > fromS
 */
public record TimeRange(double fromS, double toS) {

    public TimeRange {
        if (!(fromS >= 0 && Double.isFinite(toS) && toS > fromS)) {
            throw new IllegalArgumentException("a time range needs 0 <= from < to seconds, was " + fromS + ":" + toS);
        }
    }

    public boolean contains(double s) {
        return s >= fromS && s < toS;
    }

    /** Parses {@code FROM:TO} in seconds, e.g. {@code 6:9.5}. */
    public static TimeRange parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a range: use FROM:TO in seconds, e.g. 6:9");
        }
        try {
            return new TimeRange(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a range: use FROM:TO in seconds, e.g. 6:9");
        }
    }

    /** Parses each of {@code texts} (null: none), in order. */
    public static java.util.List<TimeRange> parseAll(java.util.List<String> texts) {
        return texts == null ? java.util.List.of() : texts.stream().map(TimeRange::parse).toList();
    }

    @Override
    public String toString() {
        return fromS + ":" + toS;
    }
}
