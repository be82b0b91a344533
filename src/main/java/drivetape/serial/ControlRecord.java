package drivetape.serial;

/**
 * One record from the controller as handed from the serial reader thread to the episode writer.
 *
 * <p>A mutable, reused slot of a {@link drivetape.handoff.SpscRing}: the reader fills it in place so the
 * hot path allocates nothing. Only {@link RecordKind#SAMPLE}, {@link RecordKind#EVENT},
 * {@link RecordKind#HELLO}, {@link RecordKind#INFO} and the link markers {@link RecordKind#LINK_DOWN} /
 * {@link RecordKind#LINK_UP} are handed on; bad lines are only counted.
 */
public final class ControlRecord {
    public static final int MAX_CHANNELS = 16;
    public static final int MAX_TEXT = 128;

    public RecordKind kind;
    /** Protocol seq unwrapped to 64 bits (within the current clock segment). */
    public long seq;
    /** Firmware micros() unwrapped to 64 bits (within the current clock segment). */
    public long deviceUs;
    /** System.nanoTime() when the bytes holding this line were read. */
    public long receiveNanoTime;
    /** When the host read the line, on the session's time base (set by the timeline). */
    public long receiveNs;
    /** The best estimate of when the values were measured, on the session's time base (set by the timeline). */
    public long tNs;
    /** Bytes of the line on the wire, its newline included (a UART spends 10 bits on each at 8N1). */
    public int lineBytes;
    /** Clock segment: 0 for the first boot seen, +1 each time the board is seen to reset. */
    public int segment;
    /** Channel values in microseconds, for samples. */
    public final int[] values = new int[MAX_CHANNELS];
    public int valueCount;
    /** Event name, or the whole info/hello text (without the leading '#'). */
    public final byte[] name = new byte[MAX_TEXT];
    public int nameLength;
    /** Event value; valueLength is -1 when the event has no value. */
    public final byte[] value = new byte[MAX_TEXT];
    public int valueLength;

    /** Copies every field of {@code other} into this slot (no allocation: the arrays are reused). */
    public void copyFrom(ControlRecord other) {
        kind = other.kind;
        seq = other.seq;
        deviceUs = other.deviceUs;
        receiveNanoTime = other.receiveNanoTime;
        receiveNs = other.receiveNs;
        tNs = other.tNs;
        lineBytes = other.lineBytes;
        segment = other.segment;
        valueCount = other.valueCount;
        System.arraycopy(other.values, 0, values, 0, other.valueCount);
        nameLength = other.nameLength;
        System.arraycopy(other.name, 0, name, 0, other.nameLength);
        valueLength = other.valueLength;
        if (other.valueLength > 0) {
            System.arraycopy(other.value, 0, value, 0, other.valueLength);
        }
    }

    public String nameText() {
        return new String(name, 0, nameLength, java.nio.charset.StandardCharsets.US_ASCII);
    }

    public String valueText() {
        return valueLength < 0 ? "" : new String(value, 0, valueLength, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
