package drivetape.session;

/**
 * Auto-record on throttle (as DonkeyCar's AUTO_RECORD_ON_THROTTLE): recording while the throttle is off
 * neutral, ending a set time after it came back to neutral. Timeline thread only.
 */
final class ThrottleWatcher {
    static final int NEUTRAL_US = 1500;
    /** How far from neutral counts as driving: an idle throttle's pulses wander a few microseconds. */
    static final int DEADBAND_US = 40;

    private final long idleNs;
    private boolean driving;
    private long neutralSinceNs = Long.MIN_VALUE;

    ThrottleWatcher(double idleS) {
        this.idleNs = Math.round(idleS * 1e9);
    }

    /**
     * @return +1 when driving started with this sample, -1 when the throttle has been neutral for the idle
     *     time (the episode ends at {@link #endNs()}), else 0
     */
    int onSample(int valueUs, long tNs) {
        boolean active = valueUs != 0 && Math.abs(valueUs - NEUTRAL_US) > DEADBAND_US;
        if (active) {
            neutralSinceNs = Long.MIN_VALUE;
            if (!driving) {
                driving = true;
                return 1;
            }
            return 0;
        }
        if (!driving) {
            return 0;
        }
        if (neutralSinceNs == Long.MIN_VALUE) {
            neutralSinceNs = tNs;
        }
        if (tNs - neutralSinceNs >= idleNs) {
            driving = false;
            return -1;
        }
        return 0;
    }

    /** When the last episode should end: the idle time after the throttle came back to neutral. */
    long endNs() {
        return neutralSinceNs + idleNs;
    }
}
