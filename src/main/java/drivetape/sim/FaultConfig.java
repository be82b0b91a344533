package drivetape.sim;

/**
 * Faults to inject, as a real board and link produce them.
 *
 * @param bootNoise    send bootloader-like garbage and a cut-off record before the hello line
 * @param corruptEvery every Nth record goes out with a wrong checksum (0 = never)
 * @param loseEvery    every Nth record is never sent, leaving a gap in seq (0 = never)
 * @param failsafeAtS  true seconds from the start at which the receiver signal is lost (NaN = never)
 * @param failsafeForS how long the signal stays lost
 */
public record FaultConfig(boolean bootNoise, int corruptEvery, int loseEvery, double failsafeAtS,
                          double failsafeForS) {

    public static final FaultConfig NONE = new FaultConfig(false, 0, 0, Double.NaN, 0);

    public FaultConfig {
        require(corruptEvery >= 0, "corruptEvery must be >= 0");
        require(loseEvery == 0 || loseEvery >= 2, "loseEvery must be 0 (never) or >= 2 (1 would lose everything)");
        require(Double.isNaN(failsafeAtS) || failsafeAtS >= 0, "failsafe start must be >= 0 s");
        require(failsafeForS >= 0 && Double.isFinite(failsafeForS), "failsafe duration must be >= 0 s");
    }

    public boolean hasFailsafe() {
        return !Double.isNaN(failsafeAtS);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
