package drivetape.sim;

/**
 * The lines a runner has taken from its schedule (measured, on the UART or in the bridge) but not yet
 * fully written, oldest first. Slots are reused; the ring only grows (doubling) when more lines are in
 * flight at once than ever before, as with a long jitter. One thread only.
 */
final class InFlightLines {
    private ScheduledLine[] slots = newSlots(8);
    private int head;
    private int count;

    /** A free slot to fill; it joins the queue with {@link #push()}. */
    ScheduledLine claim() {
        if (count == slots.length) {
            ScheduledLine[] grown = new ScheduledLine[slots.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = slots[(head + i) % slots.length];
            }
            for (int i = count; i < grown.length; i++) {
                grown[i] = new ScheduledLine();
            }
            slots = grown;
            head = 0;
        }
        return slots[(head + count) % slots.length];
    }

    void push() {
        count++;
    }

    /** The oldest line, or null. */
    ScheduledLine peek() {
        return count == 0 ? null : slots[head];
    }

    void pop() {
        head = (head + 1) % slots.length;
        count--;
    }

    boolean isEmpty() {
        return count == 0;
    }

    private static ScheduledLine[] newSlots(int n) {
        ScheduledLine[] slots = new ScheduledLine[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new ScheduledLine();
        }
        return slots;
    }
}
