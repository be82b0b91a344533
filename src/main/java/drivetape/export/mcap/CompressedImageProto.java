package drivetape.export.mcap;

/**
 * Foxglove's {@code foxglove.CompressedImage} in protobuf: the schema (a FileDescriptorSet, as MCAP's "protobuf"
 * schema encoding wants) and the message, written so that the JPEG bytes go last and can be read from the
 * frame's file straight into the chunk.
 *
 * <pre>
 * message CompressedImage {                // package foxglove, foxglove/schemas' CompressedImage.proto
 *   google.protobuf.Timestamp timestamp = 1;
 *   string frame_id = 4;
 *   bytes data = 2;
 *   string format = 3;
 * }
 * </pre>
 */
final class CompressedImageProto {
    static final String SCHEMA_NAME = "foxglove.CompressedImage";
    static final String ENCODING = "protobuf";

    static final int TIMESTAMP = 1;
    static final int DATA = 2;
    static final int FORMAT = 3;
    static final int FRAME_ID = 4;

    // descriptor.proto's numbers.
    private static final int FILE = 1;
    private static final int FILE_NAME = 1;
    private static final int FILE_PACKAGE = 2;
    private static final int FILE_DEPENDENCY = 3;
    private static final int FILE_MESSAGE_TYPE = 4;
    private static final int FILE_SYNTAX = 12;
    private static final int MESSAGE_NAME = 1;
    private static final int MESSAGE_FIELD = 2;
    private static final int FIELD_NAME = 1;
    private static final int FIELD_NUMBER = 3;
    private static final int FIELD_LABEL = 4;
    private static final int FIELD_TYPE = 5;
    private static final int FIELD_TYPE_NAME = 6;
    private static final int LABEL_OPTIONAL = 1;
    private static final int TYPE_INT64 = 3;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_STRING = 9;
    private static final int TYPE_MESSAGE = 11;
    private static final int TYPE_BYTES = 12;

    private static final String TIMESTAMP_FILE = "google/protobuf/timestamp.proto";

    private CompressedImageProto() {
    }

    /** The FileDescriptorSet: google/protobuf/timestamp.proto and foxglove/CompressedImage.proto. */
    static byte[] descriptorSet() {
        byte[] timestamp = Protobuf.message(f -> {
            Protobuf.stringField(f, FILE_NAME, TIMESTAMP_FILE);
            Protobuf.stringField(f, FILE_PACKAGE, "google.protobuf");
            Protobuf.bytesField(f, FILE_MESSAGE_TYPE, Protobuf.message(m -> {
                Protobuf.stringField(m, MESSAGE_NAME, "Timestamp");
                Protobuf.bytesField(m, MESSAGE_FIELD, field("seconds", 1, TYPE_INT64, null));
                Protobuf.bytesField(m, MESSAGE_FIELD, field("nanos", 2, TYPE_INT32, null));
            }));
            Protobuf.stringField(f, FILE_SYNTAX, "proto3");
        });
        byte[] image = Protobuf.message(f -> {
            Protobuf.stringField(f, FILE_NAME, "foxglove/CompressedImage.proto");
            Protobuf.stringField(f, FILE_PACKAGE, "foxglove");
            Protobuf.stringField(f, FILE_DEPENDENCY, TIMESTAMP_FILE);
            Protobuf.bytesField(f, FILE_MESSAGE_TYPE, Protobuf.message(m -> {
                Protobuf.stringField(m, MESSAGE_NAME, "CompressedImage");
                Protobuf.bytesField(m, MESSAGE_FIELD,
                        field("timestamp", TIMESTAMP, TYPE_MESSAGE, ".google.protobuf.Timestamp"));
                Protobuf.bytesField(m, MESSAGE_FIELD, field("frame_id", FRAME_ID, TYPE_STRING, null));
                Protobuf.bytesField(m, MESSAGE_FIELD, field("data", DATA, TYPE_BYTES, null));
                Protobuf.bytesField(m, MESSAGE_FIELD, field("format", FORMAT, TYPE_STRING, null));
            }));
            Protobuf.stringField(f, FILE_SYNTAX, "proto3");
        });
        return Protobuf.message(set -> {
            Protobuf.bytesField(set, FILE, timestamp);
            Protobuf.bytesField(set, FILE, image);
        });
    }

    /**
     * The message up to the image bytes: timestamp, frame_id, format, then data's tag and length. The caller
     * appends the {@code dataLength} image bytes.
     */
    static void writeBeforeData(RecordBuffer out, long timestampNs, String frameId, String format, int dataLength) {
        long seconds = Math.floorDiv(timestampNs, 1_000_000_000L);
        long nanos = Math.floorMod(timestampNs, 1_000_000_000L);
        Protobuf.tag(out, TIMESTAMP, Protobuf.LEN);
        Protobuf.varint(out, 2 + Protobuf.varintSize(seconds) + Protobuf.varintSize(nanos));
        Protobuf.varintField(out, 1, seconds);
        Protobuf.varintField(out, 2, nanos);
        Protobuf.stringField(out, FRAME_ID, frameId);
        Protobuf.stringField(out, FORMAT, format);
        Protobuf.tag(out, DATA, Protobuf.LEN);
        Protobuf.varint(out, dataLength);
    }

    private static byte[] field(String name, int number, int type, String typeName) {
        return Protobuf.message(f -> {
            Protobuf.stringField(f, FIELD_NAME, name);
            Protobuf.varintField(f, FIELD_NUMBER, number);
            Protobuf.varintField(f, FIELD_LABEL, LABEL_OPTIONAL);
            Protobuf.varintField(f, FIELD_TYPE, type);
            if (typeName != null) {
                Protobuf.stringField(f, FIELD_TYPE_NAME, typeName);
            }
        });
    }
}
