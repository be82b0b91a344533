package drivetape.session;

import drivetape.serial.ControlRecord;

/**
 * The last seconds of timed control records, for an episode's pre-roll: a ring of preallocated copies,
 * oldest overwritten. Timeline thread only.
 */
final class ControlHistory {
    private final ControlRecord[] records;
    private final int mask;
    private long next;

    /** @param seconds how much to keep, at up to 1000 records a second (the protocol's fastest boards) */
    ControlHistory(double seconds) {
        int capacity = Integer.highestOneBit((int) Math.min(1 << 20, Math.max(64, seconds * 1000 + 256)) * 2 - 1);
        records = new ControlRecord[capacity];
        for (int i = 0; i < capacity; i++) {
            records[i] = new ControlRecord();
        }
        mask = capacity - 1;
    }

    void add(ControlRecord timed) {
        records[(int) (next++ & mask)].copyFrom(timed);
    }

    /** Hands every kept record with t_ns at or after {@code fromNs} to {@code sink}, oldest first. */
    void replayFrom(long fromNs, java.util.function.Consumer<ControlRecord> sink) {
        long first = Math.max(0, next - records.length);
        for (long i = first; i < next; i++) {
            ControlRecord r = records[(int) (i & mask)];
            if (r.tNs >= fromNs) {
                sink.accept(r);
            }
        }
    }
}
