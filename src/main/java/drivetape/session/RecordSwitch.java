package drivetape.session;

/**
 * {@code --record-switch CHANNEL[:US]}: record while a transmitter channel (a switch) reads above a
 * threshold, with hysteresis so a noisy switch does not flap.
 *
 * @param channel the channel's name in the hello line
 * @param thresholdUs the pulse width between off and on (default 1500)
 */
public record RecordSwitch(String channel, int thresholdUs) {
    public static final int DEFAULT_THRESHOLD_US = 1500;
    /** On above threshold + 25 us, off below threshold - 25 us: a switch's pulses wander a few us. */
    static final int HYSTERESIS_US = 50;

    /** Parses {@code aux} or {@code aux:1700}; null with a message via IllegalArgumentException when bad. */
    public static RecordSwitch parse(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty() || !parts[0].matches("[A-Za-z0-9_]{1,16}")) {
            throw new IllegalArgumentException("--record-switch takes CHANNEL[:US], e.g. --record-switch aux"
                    + " or --record-switch aux:1700, was '" + value + "'");
        }
        int threshold = DEFAULT_THRESHOLD_US;
        if (parts.length == 2) {
            try {
                threshold = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                threshold = -1;
            }
            if (threshold < 800 || threshold > 2200) {
                throw new IllegalArgumentException("--record-switch threshold must be a pulse width in"
                        + " microseconds between 800 and 2200, e.g. aux:1500, was '" + parts[1] + "'");
            }
        }
        return new RecordSwitch(parts[0], threshold);
    }
}
