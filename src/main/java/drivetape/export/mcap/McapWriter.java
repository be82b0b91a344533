package drivetape.export.mcap;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Writes one indexed MCAP file, front to back, in one pass:
 *
 * <pre>
 * Magic Header Schema.. Channel.. Metadata..              (data section, outside chunks)
 * Chunk(lz4) MessageIndex.. Chunk MessageIndex.. ...      (a chunk closes once its records reach the chunk size)
 * DataEnd(CRC of all before it)
 * Schema.. Channel.. Statistics MetadataIndex.. ChunkIndex..   (summary, grouped by opcode)
 * SummaryOffset..                                          (one per group)
 * Footer(summary CRC) Magic
 * </pre>
 *
 * Only the open chunk is held in memory, plus one small Chunk Index per closed chunk: an hour of frames streams
 * through. Messages may come in any time order; readers sort by log time, but Foxglove plays a file whose
 * chunks follow each other in time fastest, so the exporter writes in time order.
 */
final class McapWriter {
    private final Output out;
    private final int chunkSize;
    private final ChunkBuilder chunk;
    private final Lz4Chunks lz4 = new Lz4Chunks();
    private final RecordBuffer compressed;
    private final RecordBuffer scratch = new RecordBuffer(4096);

    private final List<Records.Schema> schemas = new ArrayList<>();
    private final List<Records.Channel> channels = new ArrayList<>();
    private final RecordBuffer metadataIndexes = new RecordBuffer(256);
    private final RecordBuffer chunkIndexes = new RecordBuffer(16 * 1024);
    private long[] channelMessages = new long[0];
    private long messageCount;
    private long metadataCount;
    private long chunkCount;
    private long startTime;
    private long endTime;

    private int messageEnd = -1;
    private int messageDataLength;
    private boolean finished;

    /**
     * @param chunkSize a chunk is closed once its uncompressed records reach this many bytes (a single larger
     *                  message makes a chunk of its own)
     */
    McapWriter(OutputStream target, String library, int chunkSize) throws IOException {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be positive: " + chunkSize);
        }
        this.out = new Output(target);
        this.chunkSize = chunkSize;
        this.chunk = new ChunkBuilder(chunkSize);
        this.compressed = new RecordBuffer(chunkSize / 2);
        scratch.bytes(Records.MAGIC);
        Records.header(scratch, "", library);
        write(scratch);
    }

    void schema(Records.Schema schema) throws IOException {
        closeChunk();
        Records.schema(scratch, schema);
        write(scratch);
        schemas.add(schema);
    }

    void channel(Records.Channel channel) throws IOException {
        closeChunk();
        Records.channel(scratch, channel);
        write(scratch);
        channels.add(channel);
        chunk.addChannel(channel.id());
        if (channel.id() >= channelMessages.length) {
            channelMessages = Arrays.copyOf(channelMessages, channel.id() + 1);
        }
    }

    void metadata(String name, Map<String, String> entries) throws IOException {
        closeChunk();
        long offset = out.position;
        Records.metadata(scratch, name, entries);
        write(scratch);
        Records.metadataIndex(metadataIndexes, offset, out.position - offset, name);
        metadataCount++;
    }

    /**
     * Starts a message: append exactly {@code dataLength} bytes of its data to the returned buffer, then call
     * {@link #endMessage()}.
     */
    RecordBuffer beginMessage(int channelId, long sequence, long logTime, long publishTime, int dataLength) {
        if (messageEnd >= 0) {
            throw new IllegalStateException("the previous message was not ended");
        }
        chunk.beginMessage(channelId, sequence & 0xFFFF_FFFFL, logTime, publishTime, dataLength);
        messageEnd = chunk.records().size() + dataLength;
        messageDataLength = dataLength;
        if (messageCount == 0 || Long.compareUnsigned(logTime, startTime) < 0) {
            startTime = logTime;
        }
        if (messageCount == 0 || Long.compareUnsigned(logTime, endTime) > 0) {
            endTime = logTime;
        }
        messageCount++;
        channelMessages[channelId]++;
        return chunk.records();
    }

    void endMessage() throws IOException {
        if (chunk.records().size() != messageEnd) {
            throw new IllegalStateException("a message's data was " + (chunk.records().size() - messageEnd
                    + messageDataLength) + " bytes, declared " + messageDataLength);
        }
        messageEnd = -1;
        if (chunk.records().size() >= chunkSize) {
            closeChunk();
        }
    }

    /** A whole message whose data is at hand. */
    void message(int channelId, long sequence, long logTime, long publishTime, RecordBuffer data) throws IOException {
        beginMessage(channelId, sequence, logTime, publishTime, data.size()).bytes(data.array(), 0, data.size());
        endMessage();
    }

    /** Closes the last chunk and writes Data End, the summary, its offsets and the footer. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (messageEnd >= 0) {
            throw new IllegalStateException("the last message was not ended");
        }
        closeChunk();
        Records.dataEnd(scratch, out.crc.getValue());
        write(scratch);

        long summaryStart = out.position;
        RecordBuffer summary = new RecordBuffer(chunkIndexes.size() + 4096);
        List<Group> groups = new ArrayList<>();
        for (Records.Schema schema : schemas) {
            Records.schema(summary, schema);
        }
        group(groups, Records.SCHEMA, summaryStart, summary);
        for (Records.Channel channel : channels) {
            Records.channel(summary, channel);
        }
        group(groups, Records.CHANNEL, summaryStart, summary);
        Records.statistics(summary, statistics());
        group(groups, Records.STATISTICS, summaryStart, summary);
        summary.bytes(metadataIndexes.array(), 0, metadataIndexes.size());
        group(groups, Records.METADATA_INDEX, summaryStart, summary);
        summary.bytes(chunkIndexes.array(), 0, chunkIndexes.size());
        group(groups, Records.CHUNK_INDEX, summaryStart, summary);

        long summaryOffsetStart = summaryStart + summary.size();
        for (Group g : groups) {
            Records.summaryOffset(summary, g.opcode(), g.start(), g.length());
        }
        Records.footerBeforeCrc(summary, summaryStart, summaryOffsetStart);
        summary.u32(summary.crc32());
        summary.bytes(Records.MAGIC);
        summary.writeTo(out);
        out.flush();
        finished = true;
    }

    long chunkCount() {
        return chunkCount;
    }

    /** A run of summary records of one opcode, for its Summary Offset record. */
    private record Group(int opcode, long start, long length) {
    }

    /** Notes the records appended since the last group as the group of {@code opcode}, unless there are none. */
    private static void group(List<Group> groups, int opcode, long summaryStart, RecordBuffer summary) {
        long start = groups.isEmpty() ? summaryStart
                : groups.get(groups.size() - 1).start() + groups.get(groups.size() - 1).length();
        long length = summaryStart + summary.size() - start;
        if (length > 0) {
            groups.add(new Group(opcode, start, length));
        }
    }

    private Records.Statistics statistics() {
        SortedMap<Integer, Long> counts = new TreeMap<>();
        for (Records.Channel channel : channels) {
            counts.put(channel.id(), channelMessages[channel.id()]);
        }
        return new Records.Statistics(messageCount, schemas.size(), channels.size(), metadataCount, chunkCount,
                messageCount == 0 ? 0 : startTime, messageCount == 0 ? 0 : endTime, counts);
    }

    /** Writes the open chunk (compressed) and its message indexes, and notes its Chunk Index for the summary. */
    private void closeChunk() throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        RecordBuffer records = chunk.records();
        compressed.reset();
        lz4.compress(records, compressed);

        long chunkStart = out.position;
        Records.chunkStart(scratch, chunk.startTime(), chunk.endTime(), records.size(), records.crc32(),
                Lz4Chunks.NAME, compressed.size());
        write(scratch);
        compressed.writeTo(out);
        long chunkLength = out.position - chunkStart;

        long indexStart = out.position;
        SortedMap<Integer, Long> indexOffsets = new TreeMap<>();
        for (int id = 0; id < chunk.channelIdLimit(); id++) {
            ChunkBuilder.ChannelIndex index = chunk.index(id);
            if (index != null) {
                indexOffsets.put(id, indexStart + scratch.size());
                Records.messageIndex(scratch, id, index.logTimes, index.offsets, index.count);
            }
        }
        long indexLength = scratch.size();
        write(scratch);

        Records.chunkIndex(chunkIndexes, new Records.ChunkIndex(chunk.startTime(), chunk.endTime(), chunkStart,
                chunkLength, indexOffsets, indexLength, Lz4Chunks.NAME, compressed.size(), records.size()));
        chunkCount++;
        chunk.reset();
    }

    private void write(RecordBuffer buffer) throws IOException {
        buffer.writeTo(out);
        buffer.reset();
    }

    /** The file as written so far: its length (every offset in the file counts from its start) and CRC32. */
    private static final class Output extends OutputStream {
        private final OutputStream target;
        final CRC32 crc = new CRC32();
        long position;

        Output(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            crc.update(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            crc.update(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
