package drivetape.timing;

/**
 * The latest control sample times, sorted, for finding a frame's nearest control: the {@code capacity}
 * largest times seen (adding one more drops the smallest). Times come nearly in order, so an insert moves
 * only the few larger times that came before it. Fixed memory: {@code capacity * 5 / 4} longs, the slack
 * letting the live range slide along the array and be moved back to its start once every capacity / 4 adds.
 * One thread; {@link #add} allocates nothing.
 */
final class ControlWindow {
    private final int capacity;
    private final long[] times;
    private int start;
    private int end;

    ControlWindow(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("control window must hold at least 4 times, was " + capacity);
        }
        this.capacity = capacity;
        this.times = new long[capacity + capacity / 4];
    }

    void add(long timeNs) {
        if (size() == capacity) {
            if (timeNs <= times[start]) {
                return; // older than everything kept
            }
            start++;
        }
        if (end == times.length) {
            System.arraycopy(times, start, times, 0, end - start);
            end -= start;
            start = 0;
        }
        int i = end;
        while (i > start && times[i - 1] > timeNs) {
            times[i] = times[i - 1];
            i--;
        }
        times[i] = timeNs;
        end++;
    }

    boolean isEmpty() {
        return end == start;
    }

    /** True once times have been dropped or will be with the next add: older ones may be missing. */
    boolean isFull() {
        return size() == capacity;
    }

    int size() {
        return end - start;
    }

    /** The smallest time kept; the window must not be empty. */
    long oldestNs() {
        return times[start];
    }

    /** Distance from {@code t} to the nearest time kept; the window must not be empty. */
    long distanceNs(long t) {
        return NearestSample.distanceNs(times, start, end, t);
    }

    void clear() {
        start = 0;
        end = 0;
    }

    /** Longs held; fixed at construction. */
    int bufferLength() {
        return times.length;
    }
}
