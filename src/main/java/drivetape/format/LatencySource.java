package drivetape.format;

/** metadata.json's {@code camera.latency_source}: where the latency frame times were corrected by came from. */
public enum LatencySource implements MetaWord {
    /** Measured with {@code drivetape calibrate camera} for this camera, size and rate. */
    CALIBRATED("calibrated"),
    /** Given with {@code --camera-latency-ms}. */
    OPTION("option"),
    /** Not known: frame times are the driver's timestamps or the arrival times, uncorrected. */
    NONE("none");

    private final String value;

    LatencySource(String value) {
        this.value = value;
    }

    @Override
    public String value() {
        return value;
    }

    /** The constant a metadata.json value names, or null for an unknown value. */
    public static LatencySource parse(String value) {
        return MetaWord.parse(LatencySource.class, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
