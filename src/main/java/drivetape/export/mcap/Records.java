package drivetape.export.mcap;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * MCAP's records as bytes (the MCAP specification, major version 0): opcodes, field order and widths. Every
 * record is {@code <opcode uint8><content length uint64><content>}, integers little-endian, strings and maps
 * with a uint32 byte length in front, timestamps uint64 nanoseconds.
 */
final class Records {
    /** Starts and ends every MCAP file: 0x89, "MCAP", major version '0', "\r\n". */
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    static final int HEADER = 0x01;
    static final int FOOTER = 0x02;
    static final int SCHEMA = 0x03;
    static final int CHANNEL = 0x04;
    static final int MESSAGE = 0x05;
    static final int CHUNK = 0x06;
    static final int MESSAGE_INDEX = 0x07;
    static final int CHUNK_INDEX = 0x08;
    static final int STATISTICS = 0x0B;
    static final int METADATA = 0x0C;
    static final int METADATA_INDEX = 0x0D;
    static final int SUMMARY_OFFSET = 0x0E;
    static final int DATA_END = 0x0F;

    /** opcode + uint64 length: what comes before every record's content. */
    static final int RECORD_PREFIX = 1 + 8;
    /** A Message record's fields before its data: channel_id, sequence, log_time, publish_time. */
    static final int MESSAGE_FIELDS = 2 + 4 + 8 + 8;
    /** A Data End record, whole. */
    static final int DATA_END_LENGTH = RECORD_PREFIX + 4;

    /** A Schema record's content. {@code id} is never 0 (0 means "no schema"). */
    record Schema(int id, String name, String encoding, byte[] data) {
        Schema {
            requireU16(id, "schema id");
            if (id == 0) {
                throw new IllegalArgumentException("schema id 0 means no schema");
            }
        }
    }

    record Channel(int id, int schemaId, String topic, String messageEncoding, SortedMap<String, String> metadata) {
        Channel {
            requireU16(id, "channel id");
            requireU16(schemaId, "schema id");
            metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        }
    }

    /**
     * Where a chunk and its message indexes are.
     *
     * @param messageIndexOffsets channel id to the file offset of that channel's Message Index record
     * @param messageIndexLength all the chunk's Message Index records together, in bytes
     */
    record ChunkIndex(long messageStartTime, long messageEndTime, long chunkStartOffset, long chunkLength,
                      SortedMap<Integer, Long> messageIndexOffsets, long messageIndexLength, String compression,
                      long compressedSize, long uncompressedSize) {
    }

    /** The file's totals. {@code channelMessageCounts}: channel id to its number of messages. */
    record Statistics(long messageCount, int schemaCount, long channelCount, long metadataCount, long chunkCount,
                      long messageStartTime, long messageEndTime, SortedMap<Integer, Long> channelMessageCounts) {
    }

    private Records() {
    }

    static void header(RecordBuffer out, String profile, String library) {
        int at = out.beginRecord(HEADER);
        out.string(profile).string(library);
        out.endRecord(at);
    }

    /** The Footer without its trailing CRC: the summary CRC covers these bytes too. */
    static void footerBeforeCrc(RecordBuffer out, long summaryStart, long summaryOffsetStart) {
        out.u8(FOOTER).u64(8 + 8 + 4).u64(summaryStart).u64(summaryOffsetStart);
    }

    static void schema(RecordBuffer out, Schema schema) {
        int at = out.beginRecord(SCHEMA);
        out.u16(schema.id()).string(schema.name()).string(schema.encoding()).prefixed(schema.data());
        out.endRecord(at);
    }

    static void channel(RecordBuffer out, Channel channel) {
        int at = out.beginRecord(CHANNEL);
        out.u16(channel.id()).u16(channel.schemaId()).string(channel.topic()).string(channel.messageEncoding());
        int map = out.beginPrefixed();
        for (Map.Entry<String, String> e : channel.metadata().entrySet()) {
            out.string(e.getKey()).string(e.getValue());
        }
        out.endPrefixed(map);
        out.endRecord(at);
    }

    /**
     * A Message record's opcode, length and fixed fields; its data ({@code dataLength} bytes) follows. The
     * length is known up front so a frame's JPEG can be read from its file straight after.
     */
    static void messageStart(RecordBuffer out, int channelId, long sequence, long logTime, long publishTime,
                             long dataLength) {
        out.u8(MESSAGE).u64(MESSAGE_FIELDS + dataLength)
                .u16(channelId).u32(sequence).u64(logTime).u64(publishTime);
    }

    /** A Chunk record up to its records: the compressed records ({@code compressedSize} bytes) follow. */
    static void chunkStart(RecordBuffer out, long messageStartTime, long messageEndTime, long uncompressedSize,
                           long uncompressedCrc, String compression, long compressedSize) {
        byte[] name = compression.getBytes(StandardCharsets.UTF_8);
        long content = 8 + 8 + 8 + 4 + 4 + name.length + 8 + compressedSize;
        out.u8(CHUNK).u64(content).u64(messageStartTime).u64(messageEndTime).u64(uncompressedSize)
                .u32(uncompressedCrc).prefixed(name).u64(compressedSize);
    }

    /** A Message Index record: (log_time, offset in the uncompressed chunk records) per message. */
    static void messageIndex(RecordBuffer out, int channelId, long[] logTimes, long[] offsets, int count) {
        int at = out.beginRecord(MESSAGE_INDEX);
        out.u16(channelId).u32(16L * count);
        for (int i = 0; i < count; i++) {
            out.u64(logTimes[i]).u64(offsets[i]);
        }
        out.endRecord(at);
    }

    static void chunkIndex(RecordBuffer out, ChunkIndex index) {
        int at = out.beginRecord(CHUNK_INDEX);
        out.u64(index.messageStartTime()).u64(index.messageEndTime()).u64(index.chunkStartOffset())
                .u64(index.chunkLength());
        int map = out.beginPrefixed();
        for (Map.Entry<Integer, Long> e : index.messageIndexOffsets().entrySet()) {
            out.u16(e.getKey()).u64(e.getValue());
        }
        out.endPrefixed(map);
        out.u64(index.messageIndexLength()).string(index.compression()).u64(index.compressedSize())
                .u64(index.uncompressedSize());
        out.endRecord(at);
    }

    static void statistics(RecordBuffer out, Statistics s) {
        int at = out.beginRecord(STATISTICS);
        out.u64(s.messageCount()).u16(s.schemaCount()).u32(s.channelCount()).u32(0 /* attachments */)
                .u32(s.metadataCount()).u32(s.chunkCount()).u64(s.messageStartTime()).u64(s.messageEndTime());
        int map = out.beginPrefixed();
        for (Map.Entry<Integer, Long> e : s.channelMessageCounts().entrySet()) {
            out.u16(e.getKey()).u64(e.getValue());
        }
        out.endPrefixed(map);
        out.endRecord(at);
    }

    /** A Metadata record; the entries go in their map's order. */
    static void metadata(RecordBuffer out, String name, Map<String, String> entries) {
        int at = out.beginRecord(METADATA);
        out.string(name);
        int map = out.beginPrefixed();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            out.string(e.getKey()).string(e.getValue());
        }
        out.endPrefixed(map);
        out.endRecord(at);
    }

    static void metadataIndex(RecordBuffer out, long offset, long length, String name) {
        int at = out.beginRecord(METADATA_INDEX);
        out.u64(offset).u64(length).string(name);
        out.endRecord(at);
    }

    static void summaryOffset(RecordBuffer out, int groupOpcode, long groupStart, long groupLength) {
        int at = out.beginRecord(SUMMARY_OFFSET);
        out.u8(groupOpcode).u64(groupStart).u64(groupLength);
        out.endRecord(at);
    }

    static void dataEnd(RecordBuffer out, long dataSectionCrc) {
        int at = out.beginRecord(DATA_END);
        out.u32(dataSectionCrc);
        out.endRecord(at);
    }

    private static void requireU16(int value, String what) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(what + " must fit in 16 bits: " + value);
        }
    }
}
