package drivetape.handoff;

import java.nio.ByteBuffer;

/**
 * The session's frame buffers, bounded in number and in bytes (--queue, --queue-mb), handed out
 * last-in-first-out: the camera gets the buffer returned most recently, already grown to frame size, so in
 * steady state a handful of buffers circulate. (First-in-first-out cycles through every slot, growing each
 * to raw-frame size until the budget refuses the rest: frames dropped with idle writers and hundreds of MB
 * resident.)
 *
 * <p>Every frame waiting anywhere (to be routed, in the pre-roll, in the write queue) holds one slot, so the
 * budget bounds them all together. Preallocated; the lock is held for a few instructions, never across I/O.
 */
public final class FramePool {
    private final FrameSlot[] free;
    private final long budgetBytes;
    private int size;
    private long allocatedBytes;
    private volatile int inUse;

    public FramePool(int slots, long budgetBytes) {
        this.free = new FrameSlot[slots];
        for (int i = 0; i < slots; i++) {
            free[i] = new FrameSlot();
        }
        this.size = slots;
        this.budgetBytes = budgetBytes;
    }

    public int capacity() {
        return free.length;
    }

    /** Slots out of the pool right now (any thread may read it). */
    public int inUse() {
        return inUse;
    }

    /**
     * A free slot whose buffer holds {@code bytes}, grown if the budget allows; null when every slot is
     * in use or the budget is spent (the frame is then dropped, never waited for).
     */
    public synchronized FrameSlot take(int bytes) {
        if (size == 0) {
            return null;
        }
        FrameSlot slot = free[size - 1];
        int have = slot.data.capacity();
        if (have < bytes) {
            int want = (int) Math.min(Integer.MAX_VALUE, bytes + bytes / 8L);
            if (allocatedBytes - have + want > budgetBytes) {
                return null;
            }
            slot.data = ByteBuffer.allocateDirect(want);
            allocatedBytes += want - have;
        }
        free[--size] = null;
        inUse = free.length - size;
        return slot;
    }

    /** Returns a slot (from any thread). */
    public synchronized void recycle(FrameSlot slot) {
        slot.destination = null;
        free[size++] = slot;
        inUse = free.length - size;
    }
}
