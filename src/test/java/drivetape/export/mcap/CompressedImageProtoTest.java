package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The protobuf bytes of a frame's message, by hand from the wire format (tag = field << 3 | wire type). */
class CompressedImageProtoTest {

    @Test
    void timestampFrameIdAndFormatThenTheDataFieldsTagAndLength() {
        RecordBuffer out = new RecordBuffer(16);
        CompressedImageProto.writeBeforeData(out, 1_500_000_002L, "cam", "jpeg", 300);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "0A 08 | 08 01 | 10 82CAB5EE01"   // 1 timestamp {1 seconds = 1, 2 nanos = 500000002}
                        + " | 22 03 63616D"       // 4 frame_id "cam"
                        + " | 1A 04 6A706567"     // 3 format "jpeg"
                        + " | 12 AC02"));         // 2 data, 300 bytes to follow
    }

    @Test
    void varints() {
        RecordBuffer out = new RecordBuffer(16);
        Protobuf.varint(out, 0);
        Protobuf.varint(out, 127);
        Protobuf.varint(out, 128);
        Protobuf.varint(out, 1_700_000_000L);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("00 | 7F | 8001 | 80E2CFAA06"));
        assertThat(Protobuf.varintSize(1_700_000_000L)).isEqualTo(5);
        assertThat(Protobuf.varintSize(-1)).isEqualTo(10);
    }

    @Test
    void theDescriptorSetNamesBothFilesAndTheMessage() {
        String text = new String(CompressedImageProto.descriptorSet(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).contains("google/protobuf/timestamp.proto", "foxglove/CompressedImage.proto",
                "CompressedImage", ".google.protobuf.Timestamp", "frame_id", "proto3");
    }
}
