package drivetape.session;

import drivetape.handoff.FrameSlot;
import java.util.ArrayDeque;

/**
 * Frames held by the timeline in capture order: waiting to be routed (until the controls that decide
 * whether they belong to an episode have arrived) or kept as pre-roll. The entries are pooled, so a steady
 * stream allocates nothing. Timeline thread only.
 */
final class FrameQueue {
    /** One held frame. {@code slot} is null for a frame that was dropped at capture (no buffer free). */
    static final class Held {
        FrameSlot slot;
        long receiveNs;
        long tNs;
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>(1024);
    private final ArrayDeque<Held> spare = new ArrayDeque<>(1024);

    Held add(FrameSlot slot, long receiveNs, long tNs) {
        Held h = spare.isEmpty() ? new Held() : spare.pop();
        h.slot = slot;
        h.receiveNs = receiveNs;
        h.tNs = tNs;
        held.addLast(h);
        return h;
    }

    /** Moves the oldest entry from {@code other} to the end of this queue. */
    void takeOldest(FrameQueue other) {
        held.addLast(other.held.pollFirst());
    }

    Held oldest() {
        return held.peekFirst();
    }

    /** Removes the oldest entry; its slot is the caller's now. */
    void removeOldest() {
        Held h = held.pollFirst();
        h.slot = null;
        spare.push(h);
    }

    /** Releases an entry taken with {@link #takeOldest} from another queue. */
    void release(Held h) {
        h.slot = null;
        spare.push(h);
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int size() {
        return held.size();
    }
}
