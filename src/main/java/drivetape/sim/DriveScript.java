package drivetape.sim;

import java.util.List;

/**
 * Scripted stimuli for tests of a recorder that reacts to the controls, in true seconds from the start.
 *
 * @param auxFlipsS    moments at which every aux channel toggles between exactly 1000 and 2000 us, starting
 *                     at 1000; strictly increasing. Empty: aux channels flip now and then on their own
 * @param throttleIdle ranges in which throttle is exactly 1500 (neutral) and steering holds still at its
 *                     trim. When any is given, the simulated driver never rests at neutral elsewhere
 */
public record DriveScript(List<Double> auxFlipsS, List<TimeRange> throttleIdle) {

    public static final DriveScript NONE = new DriveScript(List.of(), List.of());

    public DriveScript {
        auxFlipsS = List.copyOf(auxFlipsS);
        throttleIdle = List.copyOf(throttleIdle);
        double previous = -1;
        for (double flip : auxFlipsS) {
            if (!(flip > previous && Double.isFinite(flip))) {
                throw new IllegalArgumentException("aux flips must be seconds >= 0 in increasing order, got " + auxFlipsS);
            }
            previous = flip;
        }
    }

    public boolean scriptsAux() {
        return !auxFlipsS.isEmpty();
    }

    /** Whether aux is high (2000 us) at true second {@code s}: after an odd number of flips. */
    public boolean auxHighAt(double s) {
        int flips = 0;
        for (double flip : auxFlipsS) {
            if (flip <= s) {
                flips++;
            }
        }
        return (flips & 1) == 1;
    }

    public boolean idleAt(double s) {
        for (TimeRange range : throttleIdle) {
            if (range.contains(s)) {
                return true;
            }
        }
        return false;
    }
}
