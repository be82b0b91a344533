package drivetape.camera;

import java.util.concurrent.locks.LockSupport;

/**
 * Releases the frames of a replayed file at the pace they were recorded: frame n is due at
 * {@code start + (pts(n) - pts(0))}, so a slow consumer catches up instead of drifting.
 */
final class Pacer {
    /** A jump larger than this (or any step back) is a cut in the file, not a pause to wait through. */
    private static final long MAX_GAP_US = 5_000_000;

    private final CloseGate gate;
    private long firstUs;
    private long lastUs;
    private long startNanos;
    private boolean anchored;

    Pacer(CloseGate gate) {
        this.gate = gate;
    }

    /**
     * Waits until the frame with media time {@code mediaUs} is due.
     *
     * @return false when the source was closed (or the thread interrupted) while waiting
     */
    boolean awaitDue(long mediaUs) {
        if (!anchored || mediaUs < lastUs || mediaUs - lastUs > MAX_GAP_US) {
            anchored = true;
            firstUs = mediaUs;
            startNanos = System.nanoTime();
        }
        lastUs = mediaUs;
        long due = startNanos + (mediaUs - firstUs) * 1000;
        while (true) {
            if (gate.closeRequested() || Thread.currentThread().isInterrupted()) {
                return false;
            }
            long wait = due - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            // close() unparks us; the loop re-checks, so spurious wake-ups are harmless.
            LockSupport.parkNanos(this, wait);
        }
    }
}
