package drivetape.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Believable RC pulse widths for a car being driven around: steering swings smoothly through turns of a
 * few seconds, throttle idles, accelerates, cruises and brakes, and any other channel is a two-position
 * aux switch. Values are whole microseconds with the few-us jitter of a real receiver.
 *
 * <p>Deterministic for a seed and driven by the device's own clock, so the same seed gives the same values
 * whatever the drift or jitter. A {@link DriveScript} overrides this by true time: aux at exactly 1000 or
 * 2000 us, flipped at given moments; throttle at exactly 1500 and steering still in given ranges (and then
 * the driver never rests at neutral on its own, so those ranges are the only idle ones).
 */
final class ControlSignals {
    private static final int STEERING = 0;
    private static final int THROTTLE = 1;
    private static final int AUX = 2;

    private final SplittableRandom random;
    private final int[] roles;

    // Steering: a sum of three slow sines around a slightly off-centre trim, like a driver weaving.
    private final double steeringTrim;
    private final double[] sinePeriodS = new double[3];
    private final double[] sinePhase = new double[3];
    private static final double[] SINE_AMPLITUDE = {190, 120, 70};

    // Throttle: a target that changes phase every few seconds, approached through a first-order lag.
    private static final double THROTTLE_LAG_S = 0.5;
    private double throttleTarget = 1500;
    private double throttle = 1500;
    private double throttlePhaseEndS;
    private int throttlePhase; // 0 idle, 1 cruise, 2 brake

    // Aux: a switch flipped now and then.
    private boolean auxHigh;
    private double auxFlipAtS;

    private final DriveScript script;
    private boolean scriptedAuxHigh;

    private double lastS = Double.NaN;

    ControlSignals(List<String> channels, DriveScript script, SplittableRandom random) {
        this.random = random;
        this.script = script;
        this.roles = new int[channels.size()];
        for (int i = 0; i < roles.length; i++) {
            String name = channels.get(i);
            roles[i] = BoardConfig.isAux(name) ? AUX : name.equalsIgnoreCase("steering") ? STEERING : THROTTLE;
        }
        steeringTrim = 1500 + random.nextInt(-20, 21);
        double[][] periodRanges = {{2.5, 4}, {5, 8}, {11, 17}};
        for (int i = 0; i < 3; i++) {
            sinePeriodS[i] = random.nextDouble(periodRanges[i][0], periodRanges[i][1]);
            sinePhase[i] = random.nextDouble(0, 2 * Math.PI);
        }
        throttlePhaseEndS = random.nextDouble(0.5, 2);
        auxFlipAtS = random.nextDouble(5, 15);
    }

    /**
     * Fills {@code values[0, channels)} for a sample taken {@code deviceS} device seconds, {@code trueS} true
     * seconds after the start; true when the scripted aux switch flipped since the previous sample.
     */
    boolean next(double deviceS, double trueS, int[] values) {
        double dt = Double.isNaN(lastS) ? 0 : deviceS - lastS;
        lastS = deviceS;
        boolean idle = script.idleAt(trueS);
        if (idle) {
            throttle = 1500; // parked: when the range ends the driver pulls away from neutral to the target
        } else {
            advanceThrottle(deviceS, dt);
        }
        if (deviceS >= auxFlipAtS) {
            auxHigh = !auxHigh;
            auxFlipAtS = deviceS + random.nextDouble(5, 15);
        }
        boolean flipped = false;
        if (script.scriptsAux()) {
            boolean high = script.auxHighAt(trueS);
            flipped = high != scriptedAuxHigh;
            scriptedAuxHigh = high;
        }
        for (int i = 0; i < roles.length; i++) {
            double value;
            switch (roles[i]) {
                case STEERING -> value = idle ? steeringTrim : steering(deviceS) + random.nextInt(-3, 4);
                case THROTTLE -> value = idle ? 1500 : throttle + random.nextInt(-2, 3);
                default -> value = script.scriptsAux() ? (scriptedAuxHigh ? 2000 : 1000)
                        : (auxHigh ? 1950 : 1050) + random.nextInt(-1, 2);
            }
            values[i] = (int) Math.round(Math.max(1000, Math.min(2000, value)));
        }
        return flipped;
    }

    private double steering(double s) {
        double value = steeringTrim;
        for (int i = 0; i < 3; i++) {
            value += SINE_AMPLITUDE[i] * Math.sin(2 * Math.PI * s / sinePeriodS[i] + sinePhase[i]);
        }
        return value;
    }

    private void advanceThrottle(double s, double dt) {
        if (s >= throttlePhaseEndS) {
            // idle -> cruise -> (another cruise level, or brake) -> idle ...
            if (throttlePhase == 1 && random.nextInt(3) > 0) {
                throttlePhase = 2;
            } else {
                throttlePhase = throttlePhase == 0 ? 1 : throttlePhase == 2 ? 0 : 1;
            }
            if (throttlePhase == 0 && !script.throttleIdle().isEmpty()) {
                throttlePhase = 1; // scripted idle ranges are the only rest at neutral
            }
            switch (throttlePhase) {
                case 0 -> {
                    throttleTarget = 1500;
                    throttlePhaseEndS = s + random.nextDouble(1, 3);
                }
                case 1 -> {
                    throttleTarget = random.nextInt(1590, 1701);
                    throttlePhaseEndS = s + random.nextDouble(3, 8);
                }
                default -> {
                    throttleTarget = random.nextInt(1420, 1471);
                    throttlePhaseEndS = s + random.nextDouble(0.5, 1.5);
                }
            }
        }
        throttle += (throttleTarget - throttle) * (1 - Math.exp(-dt / THROTTLE_LAG_S));
    }
}
