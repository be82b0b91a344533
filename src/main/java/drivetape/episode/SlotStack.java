package drivetape.episode;

/**
 * The free frame buffers, handed out last-in-first-out: the camera gets the buffer a writer returned
 * most recently, already grown to frame size, so in steady state a handful of buffers circulate.
 *
 * <p>First-in-first-out (as a queue would) cycles through every slot, growing each to raw-frame size until
 * the memory budget refuses the rest: frames dropped with idle writers and hundreds of MB resident.
 * Preallocated array, no allocation per push or pop; the lock is held for a few instructions and never
 * across I/O.
 */
final class SlotStack {
    private final FrameSlot[] slots;
    private int size;

    SlotStack(int capacity) {
        slots = new FrameSlot[capacity];
    }

    synchronized void push(FrameSlot slot) {
        slots[size++] = slot;
    }

    /** The most recently returned slot, or null when all are in use. */
    synchronized FrameSlot pop() {
        if (size == 0) {
            return null;
        }
        FrameSlot slot = slots[--size];
        slots[size] = null;
        return slot;
    }
}
