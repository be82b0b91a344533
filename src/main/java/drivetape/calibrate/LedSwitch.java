package drivetape.calibrate;

/** The board switched its calibration LED at {@code tNs} (an event's {@code t_ns}, episode time). */
public record LedSwitch(long tNs, boolean on) {
}
