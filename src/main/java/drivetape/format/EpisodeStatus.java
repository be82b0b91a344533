package drivetape.format;

/** metadata.json's {@code status}: where an episode is in its life. */
public enum EpisodeStatus implements MetaWord {
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

    @Override
    public String value() {
        return value;
    }

    /** The constant a metadata.json value names, or null for an unknown value. */
    public static EpisodeStatus parse(String value) {
        return MetaWord.parse(EpisodeStatus.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
