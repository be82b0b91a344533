package drivetape.episode;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import drivetape.serial.ControlRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * controls.csv and events.csv: each control record with the times the timeline gave it.
 *
 * <p>The columns of controls.csv are the channels the episode started with (the board's hello line, or the
 * usual names when the board was heard only mid-stream); a sample of another width cannot go into this file
 * and is counted. Used by the episode writer's thread only; counts are volatile for the status line.
 */
final class ControlTable {
    private final List<String> channels;
    private final CsvFile controls;
    private final CsvFile events;
    private final SegmentRuns sampleSegments = new SegmentRuns();
    private final SegmentRuns eventSegments = new SegmentRuns();
    private volatile long samples;
    private volatile long eventCount;
    private long mismatchedSamples;

    ControlTable(Path directory, List<String> channels) throws IOException {
        this.channels = List.copyOf(channels);
        this.controls = new CsvFile(directory.resolve(EpisodeFiles.CONTROLS),
                Columns.header(Columns.controls(channels)));
        this.events = new CsvFile(directory.resolve(EpisodeFiles.EVENTS), Columns.header(Columns.EVENTS));
    }

    /** Appends a timed sample or event; other kinds carry nothing the episode files record. */
    void append(ControlRecord r) throws IOException {
        switch (r.kind) {
            case SAMPLE -> appendSample(r);
            case EVENT -> appendEvent(r);
            default -> {
                // Hello, info lines and link markers: kept in the metadata, not in the CSVs.
            }
        }
    }

    private void appendSample(ControlRecord r) throws IOException {
        if (r.valueCount != channels.size()) {
            mismatchedSamples++;
            return;
        }
        controls.add(r.seq).add(r.deviceUs).add(r.receiveNs).add(r.tNs);
        for (int i = 0; i < r.valueCount; i++) {
            controls.add(r.values[i]);
        }
        controls.endRow();
        sampleSegments.add(samples, r.segment);
        samples++;
    }

    private void appendEvent(ControlRecord r) throws IOException {
        events.add(r.seq).add(r.deviceUs).add(r.receiveNs).add(r.tNs).add(r.name, 0, r.nameLength);
        if (r.valueLength >= 0) {
            events.add(r.value, 0, r.valueLength);
        } else {
            events.addEmpty();
        }
        events.endRow();
        eventSegments.add(eventCount, r.segment);
        eventCount++;
    }

    void flush() throws IOException {
        controls.flush();
        events.flush();
    }

    /** Pushes what was flushed to the device (fsync), so a power cut keeps it. */
    void sync() throws IOException {
        controls.sync();
        events.sync();
    }

    void close() throws IOException {
        try {
            events.close();
        } finally {
            controls.close();
        }
    }


    /** The clock segment of each row of controls.csv and of events.csv. */
    Segments segments() {
        return new Segments(sampleSegments, eventSegments);
    }

    /** Which clock segment each row of the two files was recorded in. */
    record Segments(SegmentRuns controls, SegmentRuns events) {
    }

    List<String> channels() {
        return channels;
    }

    long samples() {
        return samples;
    }

    long events() {
        return eventCount;
    }

    /** Samples left out because their width did not match the columns. */
    long mismatchedSamples() {
        return mismatchedSamples;
    }
}
