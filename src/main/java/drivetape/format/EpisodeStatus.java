package drivetape.format;

/** metadata.json's {@code status}: where an episode is in its life. */
public enum EpisodeStatus {
    /** Being recorded (or the recorder died: then recovery turns it into {@link #RECOVERED}). */
    RECORDING("recording"),
    /** Ended normally: duration reached, Ctrl+C, SIGTERM, a trigger. */
    COMPLETE("complete"),
    /** Ended on an error (full disk, write failure); everything written so far is readable. */
    INTERRUPTED("interrupted"),
    /** Rebuilt from its files after a crash or power cut. */
    RECOVERED("recovered");

    private final String value;

    EpisodeStatus(String value) {
        this.value = value;
    }

    /** The word in metadata.json. */
    public String value() {
        return value;
    }

    /** The status a metadata.json value names, or null for an unknown value. */
    public static EpisodeStatus parse(String value) {
        for (EpisodeStatus s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return value;
    }
}
