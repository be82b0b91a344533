package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.junit.jupiter.api.Test;

/**
 * The file layout, walked record by record here (Foxglove's readers check the same files in McapExportTest;
 * this runs without node): magic, the data section, Data End's CRC, the summary's CRC, chunks and their
 * message indexes.
 */
class McapWriterTest {

    @Test
    void chunksCloseBySizeAndEveryOffsetAndCrcInTheFileHolds() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        McapWriter writer = new McapWriter(file, "test", 100);
        writer.schema(new Records.Schema(1, "s", "jsonschema", "{}".getBytes()));
        writer.channel(new Records.Channel(1, 1, "/a", "json", new TreeMap<>()));
        writer.channel(new Records.Channel(2, 1, "/b", "json", new TreeMap<>()));
        writer.metadata("m", Map.of("k", "v"));
        RecordBuffer data = new RecordBuffer(64);
        for (int i = 0; i < 10; i++) {
            data.reset();
            data.bytes(("{\"i\":" + i + ",\"pad\":\"" + "x".repeat(30) + "\"}").getBytes());
            writer.message(1 + i % 2, i, 1000 + i, 2000 + i, data);
        }
        writer.finish();
        byte[] bytes = file.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(Arrays.copyOfRange(bytes, 0, 8)).isEqualTo(Records.MAGIC);
        assertThat(Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length)).isEqualTo(Records.MAGIC);
        int footer = bytes.length - 8 - (Records.RECORD_PREFIX + 20);
        assertThat(bytes[footer]).isEqualTo((byte) Records.FOOTER);
        long summaryStart = b.getLong(footer + 9);
        long summaryOffsetStart = b.getLong(footer + 17);
        assertThat(crc(bytes, (int) summaryStart, footer + 25)).isEqualTo(b.getInt(footer + 25) & 0xFFFFFFFFL);

        int dataEnd = (int) summaryStart - Records.DATA_END_LENGTH;
        assertThat(bytes[dataEnd]).isEqualTo((byte) Records.DATA_END);
        assertThat(crc(bytes, 0, dataEnd)).isEqualTo(b.getInt(dataEnd + 9) & 0xFFFFFFFFL);

        // The data section: header, schema, channels, metadata, then chunks each followed by message indexes.
        List<Integer> opcodes = new ArrayList<>();
        int messages = 0;
        int at = 8;
        while (at < dataEnd) {
            int opcode = bytes[at] & 0xFF;
            long length = b.getLong(at + 1);
            opcodes.add(opcode);
            if (opcode == Records.CHUNK) {
                messages += checkChunk(bytes, b, at, (int) (at + Records.RECORD_PREFIX + length));
            }
            at += (int) (Records.RECORD_PREFIX + length);
        }
        assertThat(at).isEqualTo(dataEnd);
        assertThat(opcodes.subList(0, 5)).containsExactly(Records.HEADER, Records.SCHEMA, Records.CHANNEL,
                Records.CHANNEL, Records.METADATA);
        assertThat(opcodes.stream().filter(o -> o == Records.CHUNK).count()).isEqualTo(writer.chunkCount())
                .isGreaterThan(3);
        assertThat(messages).isEqualTo(10);
        assertThat(summaryOffsetStart).isBetween(summaryStart, (long) footer);
    }

    @Test
    void aMessageMustBeAsLongAsDeclared() throws Exception {
        McapWriter writer = new McapWriter(new ByteArrayOutputStream(), "test", 100);
        writer.schema(new Records.Schema(1, "s", "jsonschema", "{}".getBytes()));
        writer.channel(new Records.Channel(1, 1, "/a", "json", new TreeMap<>()));
        writer.beginMessage(1, 0, 1, 1, 3).u8(1);
        assertThatThrownBy(writer::endMessage).isInstanceOf(IllegalStateException.class)
                .hasMessage("a message's data was 1 bytes, declared 3");
    }

    /** Decompresses the chunk, checks its CRC, and that the message indexes after it point at its messages. */
    private static int checkChunk(byte[] bytes, ByteBuffer b, int chunk, int chunkEnd) throws Exception {
        long uncompressedSize = b.getLong(chunk + 9 + 16);
        long crc = b.getInt(chunk + 9 + 24) & 0xFFFFFFFFL;
        int nameLength = b.getInt(chunk + 9 + 28);
        assertThat(new String(bytes, chunk + 9 + 32, nameLength)).isEqualTo("lz4");
        int recordsAt = chunk + 9 + 32 + nameLength + 8;
        assertThat(b.getLong(recordsAt - 8)).isEqualTo(chunkEnd - recordsAt);
        byte[] records = new LZ4FrameInputStream(new ByteArrayInputStream(bytes, recordsAt, chunkEnd - recordsAt))
                .readAllBytes();
        assertThat(records.length).isEqualTo(uncompressedSize);
        assertThat(crc(records, 0, records.length)).isEqualTo(crc);

        ByteBuffer r = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
        int messages = 0;
        int at = chunkEnd;
        while (at < bytes.length && bytes[at] == Records.MESSAGE_INDEX) {
            long length = b.getLong(at + 1);
            int entries = b.getInt(at + 11) / 16;
            for (int i = 0; i < entries; i++) {
                long logTime = b.getLong(at + 15 + 16 * i);
                int offset = (int) b.getLong(at + 15 + 16 * i + 8);
                assertThat(records[offset]).isEqualTo((byte) Records.MESSAGE);
                assertThat(r.getShort(offset + 9)).isEqualTo(b.getShort(at + 9));
                assertThat(r.getLong(offset + 9 + 6)).isEqualTo(logTime);
                messages++;
            }
            at += (int) (Records.RECORD_PREFIX + length);
        }
        return messages;
    }

    private static long crc(byte[] bytes, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, to - from);
        return crc.getValue();
    }
}
