package drivetape.sim;

import drivetape.timing.TimeBase;

/**
 * The one time origin of a simulation: true time 0 of the controller's schedule (and of a simulated
 * camera) is {@link #originNanos()} on System.nanoTime, and {@link #anchor()} turns a monotonic moment into
 * epoch nanoseconds, the same way for the truth file and for the camera's frames.
 */
public record SimClock(long originNanos, TimeBase anchor) {

    /** Time 0 is now. */
    public static SimClock startingNow() {
        TimeBase anchor = TimeBase.anchorNow();
        return new SimClock(anchor.monotonicNsAtStart(), anchor);
    }

    /** The System.nanoTime reading of a moment {@code sinceOriginNanos} after the origin. */
    public long monoNanos(long sinceOriginNanos) {
        return originNanos + sinceOriginNanos;
    }

    /** Epoch nanoseconds of a moment {@code sinceOriginNanos} after the origin. */
    public long epochNanos(long sinceOriginNanos) {
        return anchor.toEpochNs(originNanos + sinceOriginNanos);
    }

    /** True nanoseconds since the origin, now. */
    public long sinceOrigin() {
        return System.nanoTime() - originNanos;
    }
}
