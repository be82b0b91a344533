package drivetape.export.mcap;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The little of the protobuf wire format the camera channel needs: varints, and length-delimited strings,
 * bytes and nested messages. (protobuf-java would add 1.7 MB to the Raspberry Pi's jar for four fields.)
 */
final class Protobuf {
    static final int VARINT = 0;
    static final int LEN = 2;

    private Protobuf() {
    }

    static void tag(RecordBuffer out, int field, int wireType) {
        varint(out, ((long) field << 3) | wireType);
    }

    /** Base-128, least significant group first; a negative value takes ten bytes, as protobuf's int64 does. */
    static void varint(RecordBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.u8((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.u8((int) value);
    }

    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            size++;
            value >>>= 7;
        }
        return size;
    }

    static void varintField(RecordBuffer out, int field, long value) {
        tag(out, field, VARINT);
        varint(out, value);
    }

    static void bytesField(RecordBuffer out, int field, byte[] value) {
        tag(out, field, LEN);
        varint(out, value.length);
        out.bytes(value);
    }

    static void stringField(RecordBuffer out, int field, String value) {
        bytesField(out, field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A message built by {@code fields}, as bytes (to nest it with {@link #bytesField}). */
    static byte[] message(Consumer<RecordBuffer> fields) {
        RecordBuffer out = new RecordBuffer(64);
        fields.accept(out);
        return out.toByteArray();
    }
}
