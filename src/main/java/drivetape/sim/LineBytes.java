package drivetape.sim;

import drivetape.serial.Checksum;
import java.util.SplittableRandom;

/** Writes protocol v1 text into a {@link ScheduledLine}'s bytes in place: no strings, no allocation. */
final class LineBytes {
    private LineBytes() {
    }

    /** {@code $seq,t_us,v1,...} without the checksum. */
    static void sample(ScheduledLine out, long seq, long tUs, int[] values, int count) {
        put(out, '$');
        putDecimal(out, seq);
        put(out, ',');
        putDecimal(out, tUs);
        for (int i = 0; i < count; i++) {
            put(out, ',');
            putDecimal(out, values[i]);
        }
    }

    /** {@code !seq,t_us,name,value} without the checksum. */
    static void event(ScheduledLine out, long seq, long tUs, String name, long value) {
        put(out, '!');
        putDecimal(out, seq);
        put(out, ',');
        putDecimal(out, tUs);
        put(out, ',');
        for (int i = 0; i < name.length(); i++) {
            put(out, name.charAt(i));
        }
        put(out, ',');
        putDecimal(out, value);
    }

    /** Appends {@code *CK\n}; with a non-zero {@code flip} the checksum is wrong by it. */
    static void finishRecord(ScheduledLine out, int flip) {
        int checksum = Checksum.xor(out.bytes, 1, out.length) ^ flip;
        put(out, '*');
        put(out, Character.toUpperCase(Character.forDigit(checksum >> 4, 16)));
        put(out, Character.toUpperCase(Character.forDigit(checksum & 0xF, 16)));
        put(out, '\n');
    }

    static void text(ScheduledLine out, byte[] text) {
        System.arraycopy(text, 0, out.bytes, out.length, text.length);
        out.length += text.length;
    }

    /**
     * What a serial port shows right after an Uno resets: a burst of binary junk from the bootloader, then
     * the cut-off tail of a record from before the reset. Both end in '\n' so the hello that follows is a
     * line of its own, as the firmware's first println makes it on a real board.
     */
    static void bootNoise(ScheduledLine out, SplittableRandom random) {
        put(out, (char) (0x80 + random.nextInt(0x80))); // never a record marker
        int junk = random.nextInt(16, 48);
        for (int i = 0; i < junk; i++) {
            int b = random.nextInt(255);
            put(out, (char) (b >= '\n' ? b + 1 : b)); // anything but '\n'
        }
        put(out, '\n');
        put(out, '$');
        putDecimal(out, random.nextInt(1, 100_000));
        put(out, ',');
        putDecimal(out, random.nextLong(SimConfig.U32));
        put(out, ',');
        putDecimal(out, random.nextInt(10, 20)); // cut off mid-value, no checksum
        put(out, '\n');
    }

    static void put(ScheduledLine out, char c) {
        out.bytes[out.length++] = (byte) c;
    }

    static void putDecimal(ScheduledLine out, long value) {
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = out.length + digits - 1; i >= out.length; i--) {
            out.bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out.length += digits;
    }
}
