package drivetape.episode;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import drivetape.timing.LatencyHistogram;
import java.io.IOException;
import java.nio.file.Path;

/**
 * frames.csv: one row per frame routed into the episode, in capture order, with the times the timeline gave
 * it. A frame without a file keeps its row (bytes 0, no file), so drops are visible. Used by the episode
 * writer's thread only; counts are volatile for the status line.
 */
final class FrameTable {
    private final CsvFile frames;
    private final LatencyHistogram pipelineLatency = new LatencyHistogram();
    private volatile long count;
    private volatile long written;
    private volatile long droppedQueueFull;
    private volatile long droppedShutdown;
    private volatile long writeErrors;

    FrameTable(Path directory) throws IOException {
        this.frames = new CsvFile(directory.resolve(EpisodeFiles.FRAMES), Columns.header(Columns.FRAMES));
    }

    void append(FrameRow row, int state) throws IOException {
        pipelineLatency.add(row.receiveNs - row.tNs);
        frames.add(row.index).add(row.tNs).add(row.receiveNs);
        if (state == FrameRow.WRITTEN) {
            frames.add(row.bytes).add(EpisodeFiles.frameFile(row.index));
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
        count++;
    }

    void flush() throws IOException {
        frames.flush();
    }

    void sync() throws IOException {
        frames.sync();
    }

    void close() throws IOException {
        frames.close();
    }

    /** receive_ns - t_ns of every frame: from exposure (as far as known) to the recorder having it. */
    LatencyHistogram pipelineLatency() {
        return pipelineLatency;
    }

    FrameCounts counts() {
        return new FrameCounts(count, written, droppedQueueFull, droppedShutdown, writeErrors);
    }
}
