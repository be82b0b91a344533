package drivetape.export.mcap;

import java.util.Arrays;

/**
 * The chunk being filled: its Message records (uncompressed), each channel's message index (log time and
 * offset of every message) and the chunk's time range. Reset and reused for the next chunk.
 */
final class ChunkBuilder {
    /** One channel's entries in the chunk's message index. */
    static final class ChannelIndex {
        long[] logTimes = new long[256];
        long[] offsets = new long[256];
        int count;

        void add(long logTime, long offset) {
            if (count == logTimes.length) {
                logTimes = Arrays.copyOf(logTimes, count * 2);
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            logTimes[count] = logTime;
            offsets[count] = offset;
            count++;
        }
    }

    private final RecordBuffer records;
    private ChannelIndex[] channels = new ChannelIndex[0];
    private long startTime;
    private long endTime;
    private int messages;

    ChunkBuilder(int chunkSize) {
        records = new RecordBuffer(chunkSize + (chunkSize >> 2));
    }

    /** Makes room for messages on {@code channelId}. */
    void addChannel(int channelId) {
        if (channelId >= channels.length) {
            channels = Arrays.copyOf(channels, channelId + 1);
        }
        channels[channelId] = new ChannelIndex();
    }

    /**
     * Writes a Message record's header; the caller then appends exactly {@code dataLength} bytes to
     * {@link #records()}.
     */
    void beginMessage(int channelId, long sequence, long logTime, long publishTime, long dataLength) {
        ChannelIndex index = channelId < channels.length ? channels[channelId] : null;
        if (index == null) {
            throw new IllegalArgumentException("no channel " + channelId + " was added");
        }
        index.add(logTime, records.size());
        Records.messageStart(records, channelId, sequence, logTime, publishTime, dataLength);
        if (messages == 0 || Long.compareUnsigned(logTime, startTime) < 0) {
            startTime = logTime;
        }
        if (messages == 0 || Long.compareUnsigned(logTime, endTime) > 0) {
            endTime = logTime;
        }
        messages++;
    }

    RecordBuffer records() {
        return records;
    }

    boolean isEmpty() {
        return messages == 0;
    }

    long startTime() {
        return startTime;
    }

    long endTime() {
        return endTime;
    }

    /** The channel's index in this chunk, or null when it has no messages here. */
    ChannelIndex index(int channelId) {
        ChannelIndex index = channelId < channels.length ? channels[channelId] : null;
        return index == null || index.count == 0 ? null : index;
    }

    int channelIdLimit() {
        return channels.length;
    }

    void reset() {
        records.reset();
        for (ChannelIndex index : channels) {
            if (index != null) {
                index.count = 0;
            }
        }
        messages = 0;
        startTime = 0;
        endTime = 0;
    }
}
