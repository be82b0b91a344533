package drivetape.episode;

import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.timing.ControlClock;
import drivetape.timing.LongSeries;
import drivetape.timing.SegmentTimeMapping;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * controls.csv and events.csv: each control record with its time on the episode's time base.
 *
 * <p>controls.csv is created with the first sample (or at the end), because its columns are the channels
 * the firmware's hello line names; a board heard only mid-stream, without a hello, gets the usual names.
 * Used by the episode writer's thread only; counts are volatile for the status line.
 */
final class ControlTable {
    static final List<String> DEFAULT_CHANNELS = List.of("steering", "throttle");

    private final Path directory;
    private final TimeBase timeBase;
    private final ControlClock clock;
    private final CsvFile events;
    private CsvFile controls;
    private List<String> channels;
    private boolean channelsGuessed;
    private String hello;
    private double expectedHz;
    private final LongSeries sampleTimes = new LongSeries();
    private final SegmentRuns sampleSegments = new SegmentRuns();
    private final SegmentRuns eventSegments = new SegmentRuns();
    private volatile long samples;
    private volatile long eventCount;
    private long mismatchedSamples;

    ControlTable(Path directory, TimeBase timeBase, ControlClock clock) throws IOException {
        this.directory = directory;
        this.timeBase = timeBase;
        this.clock = clock;
        this.events = new CsvFile(directory.resolve("events.csv"), "seq,device_us,receive_ns,t_ns,name,value");
    }

    void append(ControlRecord record) throws IOException {
        switch (record.kind) {
            case SAMPLE -> appendSample(record);
            case EVENT -> appendEvent(record);
            case HELLO -> takeHello(record);
            default -> {
                // Other info lines carry nothing the episode format records.
            }
        }
    }

    private void takeHello(ControlRecord record) {
        String text = record.nameText();
        hello = "#" + text;
        Hello parsed = Hello.parse(text);
        if (parsed != null) {
            expectedHz = parsed.rateHz();
            if (channels == null) {
                channels = parsed.channels();
            }
        }
    }

    private void appendSample(ControlRecord r) throws IOException {
        if (controls == null) {
            open(r.valueCount);
        }
        if (r.valueCount != channels.size()) {
            // The reader checks samples against the hello; this only catches a board that changed its
            // channels without a hello we saw. Columns cannot change mid-file.
            mismatchedSamples++;
            return;
        }
        long receiveNs = timeBase.toEpochNs(r.receiveNanoTime);
        long tNs = clock.toEpisodeNs(r.segment, r.deviceUs, receiveNs);
        controls.add(r.seq).add(r.deviceUs).add(receiveNs).add(tNs);
        for (int i = 0; i < r.valueCount; i++) {
            controls.add(r.values[i]);
        }
        controls.endRow();
        sampleSegments.add(samples, r.segment);
        sampleTimes.add(tNs);
        samples++;
    }

    private void appendEvent(ControlRecord r) throws IOException {
        long receiveNs = timeBase.toEpochNs(r.receiveNanoTime);
        long tNs = clock.toEpisodeNs(r.segment, r.deviceUs, receiveNs);
        events.add(r.seq).add(r.deviceUs).add(receiveNs).add(tNs).add(r.name, 0, r.nameLength);
        if (r.valueLength >= 0) {
            events.add(r.value, 0, r.valueLength);
        } else {
            events.addEmpty();
        }
        events.endRow();
        eventSegments.add(eventCount, r.segment);
        eventCount++;
    }

    private void open(int valuesInFirstSample) throws IOException {
        if (channels == null) {
            channelsGuessed = true;
            List<String> guessed = new ArrayList<>();
            for (int i = 0; i < Math.max(1, valuesInFirstSample); i++) {
                guessed.add(i < DEFAULT_CHANNELS.size() ? DEFAULT_CHANNELS.get(i) : "ch" + (i + 1));
            }
            channels = List.copyOf(guessed);
        }
        controls = new CsvFile(directory.resolve("controls.csv"),
                "seq,device_us,receive_ns,t_ns," + String.join(",", channels));
    }

    void flush() throws IOException {
        if (controls != null) {
            controls.flush();
        }
        events.flush();
    }

    /** Closes both files, creating controls.csv (header only) if no sample ever came. */
    void close() throws IOException {
        try {
            if (controls == null) {
                open(channels == null ? DEFAULT_CHANNELS.size() : channels.size());
            }
        } finally {
            try {
                events.close();
            } finally {
                if (controls != null) {
                    controls.close();
                }
            }
        }
    }

    /**
     * After {@link #close()}: rewrites every row's t_ns with the clock's final mapping (which has seen the
     * whole episode). Rows keep their recording-time estimate if this is never reached (a crash).
     */
    void refineTimes(SegmentTimeMapping mapping) throws IOException {
        LongSeries refined = new LongSeries(Math.max(16, sampleTimes.size()));
        TimeColumnRewrite.rewrite(directory.resolve("controls.csv"), sampleSegments, mapping, refined::add);
        TimeColumnRewrite.rewrite(directory.resolve("events.csv"), eventSegments, mapping, t -> { });
        sampleTimes.clear();
        for (int i = 0; i < refined.size(); i++) {
            sampleTimes.add(refined.get(i));
        }
    }

    long samples() {
        return samples;
    }

    long events() {
        return eventCount;
    }

    /** Samples dropped because their width did not match the columns. */
    long mismatchedSamples() {
        return mismatchedSamples;
    }

    LongSeries sampleTimes() {
        return sampleTimes;
    }

    String hello() {
        return hello;
    }

    double expectedHz() {
        return expectedHz;
    }

    List<String> channels() {
        return channels != null ? channels : DEFAULT_CHANNELS;
    }

    /** True when the columns were not named by a hello line. */
    boolean channelsGuessed() {
        return channels == null || channelsGuessed;
    }
}
