package drivetape.episode;

import drivetape.timing.LatencyHistogram;
import drivetape.timing.LongSeries;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Path;

/**
 * frames.csv: one row per captured frame, in capture order, with its fate. A frame without a file keeps
 * its row (bytes 0, no file), so drops are visible. Used by the episode writer's thread only.
 */
final class FrameTable {
    private final TimeBase timeBase;
    private final boolean deviceTimestamps;
    private final long cameraLatencyNs;
    private final LatencyHistogram pipelineLatency = new LatencyHistogram();
    private final CsvFile frames;
    private final LongSeries frameTimes = new LongSeries();
    private volatile long count;
    private volatile long written;
    private volatile long droppedQueueFull;
    private volatile long droppedShutdown;
    private volatile long writeErrors;

    FrameTable(Path directory, TimeBase timeBase, boolean deviceTimestamps, double cameraLatencyMs)
            throws IOException {
        this.timeBase = timeBase;
        this.deviceTimestamps = deviceTimestamps;
        this.cameraLatencyNs = Math.round(cameraLatencyMs * 1e6);
        this.frames = new CsvFile(directory.resolve("frames.csv"), "index,t_ns,receive_ns,bytes,file");
    }

    void append(FrameRow row, int state) throws IOException {
        long receiveNs = timeBase.toEpochNs(row.receiveNanoTime);
        long tNs = captureTime(row, receiveNs) - cameraLatencyNs;
        pipelineLatency.add(receiveNs - tNs);
        frames.add(row.index).add(tNs).add(receiveNs);
        if (state == FrameRow.WRITTEN) {
            frames.add(row.bytes).add("frames/" + FrameWriterPool.fileName(row.index));
            written++;
        } else {
            frames.add(0).addEmpty();
            switch (state) {
                case FrameRow.DROPPED_QUEUE_FULL -> droppedQueueFull++;
                case FrameRow.DROPPED_SHUTDOWN -> droppedShutdown++;
                default -> writeErrors++;
            }
        }
        frames.endRow();
        frameTimes.add(tNs);
        count++;
    }

    /**
     * The capture moment: the driver's buffer time where the source gives one (V4L2: CLOCK_MONOTONIC, the
     * clock of System.nanoTime), else the arrival time. A device time that is not plausibly on our clock
     * (more than a second before arrival, or after it) is not trusted.
     */
    private long captureTime(FrameRow row, long receiveNs) {
        if (row.deviceTimestampUs == Long.MIN_VALUE || !deviceTimestamps) {
            return receiveNs;
        }
        long deviceNs = timeBase.toEpochNs(row.deviceTimestampUs * 1000);
        long lead = receiveNs - deviceNs;
        return lead >= 0 && lead < 1_000_000_000L ? deviceNs : receiveNs;
    }

    void flush() throws IOException {
        frames.flush();
    }

    void close() throws IOException {
        frames.close();
    }

    /** receive_ns - t_ns of every frame: from exposure (as far as known) to the recorder having it. */
    LatencyHistogram pipelineLatency() {
        return pipelineLatency;
    }

    LongSeries frameTimes() {
        return frameTimes;
    }

    long count() {
        return count;
    }

    long written() {
        return written;
    }

    long droppedQueueFull() {
        return droppedQueueFull;
    }

    long droppedShutdown() {
        return droppedShutdown;
    }

    long writeErrors() {
        return writeErrors;
    }

    /** Frames without a file, for whatever reason. */
    long dropped() {
        return droppedQueueFull + droppedShutdown + writeErrors;
    }
}
