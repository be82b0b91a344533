package drivetape.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One chunk of bytes the simulated controller sends, and when. A mutable, reused slot:
 * {@link ControllerSchedule#next(ScheduledLine)} fills it in place so a long run allocates nothing per line.
 *
 * <p>Times are nanoseconds of true time since the start of the schedule. {@link #measuredNanos} is when the
 * firmware took the values (the "truth" a recorder tries to recover from t_us); the bytes then cross the
 * UART from {@link #uartStartNanos} to {@link #uartEndNanos}, and reach the host in {@link #pieceCount}
 * pieces, as the USB bridge forwards what it holds on its grid: piece i is {@code bytes[pieceEnd(i-1),
 * pieceEnd(i))} at {@code pieceNanos(i)}. The last piece, which holds the newline, arrives at
 * {@link #deliveryNanos}.
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
    /** When the first byte starts on the UART: the measurement, or later when the UART was still busy. */
    public long uartStartNanos;
    /** When the last byte's stop bit is out: {@code uartStartNanos + length x 10 / baud} (the same on USB). */
    public long uartEndNanos;
    /** True nanoseconds since the start at which the last byte reaches the host (>= uartEndNanos). */
    public long deliveryNanos;
    /** The record's seq as sent (32-bit, wrapped), or -1 for noise and hello. */
    public long seq;
    /** The device's micros() at measurement, not wrapped: t_us is this mod 2^32. */
    public long deviceUs;
    /** The record was sent with a wrong checksum on purpose. */
    public boolean corrupt;
    /** How many records were deliberately lost (never sent) just before this one. */
    public int lostBefore;
    /** An event's name ({@code failsafe}, {@code pong}, {@code led}), or null. */
    public String eventName;
    /** An event's value as sent. */
    public long eventValue;
    /** A sample's values, {@code values[0, channels.size())}. */
    public final int[] values = new int[BoardConfig.MAX_CHANNELS];
    /** The channel names the values belong to (the configuration's list, not a copy). */
    public List<String> channels = List.of();
    /** Bit i set: this is the first sample sent that shows scripted aux channel i's latest flip. */
    public int auxFlipMask;

    final int[] pieceEnd = new int[CAPACITY];
    final long[] pieceNanos = new long[CAPACITY];
    public int pieceCount;

    /** The end (exclusive byte offset) of piece i. */
    public int pieceEnd(int i) {
        return pieceEnd[i];
    }

    /** When piece i reaches the host. */
    public long pieceNanos(int i) {
        return pieceNanos[i];
    }

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
