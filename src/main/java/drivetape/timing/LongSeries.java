package drivetape.timing;

import java.util.Arrays;

/** A growable array of longs, for per-episode time series kept off the hot path. */
public final class LongSeries {
    private long[] values;
    private int size;

    public LongSeries() {
        this(1024);
    }

    public LongSeries(int initialCapacity) {
        values = new long[Math.max(16, initialCapacity)];
    }

    public void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    public long get(int index) {
        return values[index];
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long last() {
        return values[size - 1];
    }

    public void clear() {
        size = 0;
    }

    /** A copy of the values. */
    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
