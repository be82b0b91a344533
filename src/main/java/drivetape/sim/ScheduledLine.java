package drivetape.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One chunk of bytes the simulated controller sends, and when. A mutable, reused slot:
 * {@link ControllerSchedule#next(ScheduledLine)} fills it in place so a long run allocates nothing per line.
 *
 * <p>Times are nanoseconds of true time since the start of the schedule. {@link #measuredNanos} is when the
 * firmware took the values (the "truth" a recorder tries to recover from t_us); {@link #deliveryNanos} is
 * when the bytes reach the host, never earlier.
 */
public final class ScheduledLine {

    /** What the bytes are. */
    public enum Kind {
        /** Bootloader-like garbage before the hello line (not a valid record). */
        BOOT_NOISE,
        /** The {@code #hello} line. */
        HELLO,
        /** A {@code $} sample record. */
        SAMPLE,
        /** A {@code !} event record. */
        EVENT
    }

    /** Room for a 120-byte protocol line or a boot noise chunk. */
    public static final int CAPACITY = 256;

    public Kind kind;
    /** The bytes to send, including the final '\n': {@code bytes[0, length)}. */
    public final byte[] bytes = new byte[CAPACITY];
    public int length;
    /** True nanoseconds since the start at which the firmware measured the values. */
    public long measuredNanos;
    /** True nanoseconds since the start at which the line reaches the host (>= measuredNanos). */
    public long deliveryNanos;
    /** The record's seq as sent (32-bit, wrapped), or -1 for noise and hello. */
    public long seq;
    /** The device's micros() at measurement, not wrapped: t_us is this mod 2^32. */
    public long deviceUs;
    /** The record was sent with a wrong checksum on purpose. */
    public boolean corrupt;
    /** How many records were deliberately lost (never sent) just before this one. */
    public int lostBefore;

    /** The bytes as text (ISO-8859-1, so every byte maps to one char, garbage included). */
    public String text() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** A copy of the bytes to send. */
    public byte[] copyBytes() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return kind + "@" + deliveryNanos + "ns: " + text().stripTrailing();
    }
}
