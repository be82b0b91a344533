package drivetape.serial;

/**
 * How many bytes a record's line had on the wire, from its values (the protocol prints decimals without
 * leading zeros): for taking the UART time off a record read back from a file, whose raw line is gone.
 */
public final class LineLength {
    private static final long U32 = 1L << 32;

    private LineLength() {
    }

    /** {@code $<seq>,<t_us>,<v1>,...*CK\n} with seq and t_us as sent (32-bit). */
    public static int sample(long seq, long deviceUs, long[] values, int count) {
        int n = 1 + digits(seq % U32) + 1 + digits(deviceUs % U32);
        for (int i = 0; i < count; i++) {
            n += 1 + digits(values[i]);
        }
        return n + 4;
    }

    /** {@code !<seq>,<t_us>,<name>[,<value>]*CK\n}. */
    public static int event(long seq, long deviceUs, String name, String value) {
        int n = 1 + digits(seq % U32) + 1 + digits(deviceUs % U32) + 1 + name.length();
        if (!value.isEmpty()) {
            n += 1 + value.length();
        }
        return n + 4;
    }

    static int digits(long v) {
        if (v < 0) {
            return 1 + digits(-v);
        }
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }
}
