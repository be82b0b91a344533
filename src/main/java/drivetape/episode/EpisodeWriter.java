package drivetape.episode;

import drivetape.camera.GrabbedFrame;
import drivetape.camera.JpegEncoder;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.serial.RecordKind;
import drivetape.timing.ControlClock;
import drivetape.timing.IntervalStats;
import drivetape.timing.LongSeries;
import drivetape.timing.SyncQuality;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Owns one episode directory: the only code that writes into it.
 *
 * <p>Its thread ({@code drivetape-episode}) drains the control records the serial reader hands over and the
 * frame rows the camera hands over, gives each its time on the episode time base, appends the CSVs
 * (pushed to the OS at least every 250 ms) and rewrites metadata.json at least once a second. The frame
 * writer threads it starts write the JPEGs. Nothing here runs on a device thread except
 * {@link #offerFrame}, which only copies into a free buffer.
 */
public final class EpisodeWriter {
    private static final long FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long METADATA_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long RESERVE_BYTES = 1 << 20;
    private static final List<String> DEFAULT_CHANNELS = List.of("steering", "throttle");

    private final EpisodeInfo info;
    private final TimeBase timeBase;
    private final ControlClock clock;
    private final Supplier<ControllerStats> controllerStats;
    private final Wakeup wakeup;
    private final SpscRing<ControlRecord> controlRing;
    private final FrameQueue frameQueue;
    private final FrameWriterPool writers;
    private final int writerThreads;
    private final MetadataFile metadata;
    private final Path reserve;
    private final Thread thread;

    private final CsvFile events;
    private final CsvFile frames;
    private CsvFile controls;
    private List<String> channels;
    private boolean channelsGuessed;
    private String hello;
    private double expectedControlHz;

    // Written by the episode thread only; volatile where other threads read them live.
    private final LongSeries controlTimes = new LongSeries();
    private final LongSeries frameTimes = new LongSeries();
    private volatile long controlCount;
    private volatile long eventCount;
    private volatile long frameCount;
    private volatile long framesWritten;
    private volatile long droppedQueueFull;
    private volatile long droppedShutdown;
    private volatile long writeErrors;
    private long mismatchedSamples;
    private volatile String problem;
    private volatile boolean finishing;
    private volatile String finalStatus;
    private volatile EpisodeTally finalTally;

    private EpisodeWriter(EpisodeInfo info, ControlHandoff controls, ControlClock clock,
                          Supplier<ControllerStats> controllerStats, int queueCapacity, long queueBudgetBytes,
                          int writerThreads, Supplier<JpegEncoder> encoders) throws IOException {
        this.info = info;
        this.timeBase = info.timeBase();
        this.clock = clock;
        this.controllerStats = controllerStats;
        this.wakeup = controls.consumerWakeup();
        this.controlRing = controls.ring();
        this.frameQueue = new FrameQueue(queueCapacity, queueBudgetBytes, timeBase.monotonicNsAtStart(), wakeup);
        this.writerThreads = Math.max(1, Math.min(FrameQueue.MAX_WRITERS, writerThreads));
        int quality = info.jpegQuality() == null ? 90 : info.jpegQuality();
        this.writers = new FrameWriterPool(frameQueue, info.directory().resolve("frames"), encoders,
                !info.camera().isJpeg(), quality, wakeup);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("queue_frames", queueCapacity);
        settings.put("queue_bytes", queueBudgetBytes);
        settings.put("writer_threads", this.writerThreads);
        this.metadata = new MetadataFile(info, settings);
        Path dir = info.directory();
        this.events = new CsvFile(dir.resolve("events.csv"), "seq,device_us,receive_ns,t_ns,name,value");
        this.frames = new CsvFile(dir.resolve("frames.csv"), "index,t_ns,receive_ns,bytes,file");
        // Space kept back so the final flush and metadata still fit when the disk fills up.
        this.reserve = dir.resolve(".drivetape-reserve");
        Files.write(reserve, new byte[(int) RESERVE_BYTES]);
        this.thread = new Thread(this::run, "drivetape-episode");
        metadata.write(tally("recording", System.nanoTime()), timeBase.toEpochNs(System.nanoTime()));
    }

    /**
     * Creates the episode files (status "recording") in an existing, empty episode directory.
     *
     * @param controls the ring the serial reader publishes into; this writer becomes its consumer
     * @param controllerStats live counts from the serial reader
     * @param encoders makes one JPEG encoder per writer thread, when the camera gives raw frames
     */
    public static EpisodeWriter create(EpisodeInfo info, ControlHandoff controls, ControlClock clock,
                                       Supplier<ControllerStats> controllerStats, int queueCapacity,
                                       long queueBudgetBytes, int writerThreads, Supplier<JpegEncoder> encoders)
            throws IOException {
        return new EpisodeWriter(info, controls, clock, controllerStats, queueCapacity, queueBudgetBytes,
                writerThreads, encoders);
    }

    /** Called on the camera thread for each frame; copies it into a free buffer or drops it. Never blocks. */
    public void offerFrame(GrabbedFrame frame) {
        frameQueue.offer(frame);
    }

    /** The frame rate the camera was opened at. */
    public double expectedFrameHz() {
        return info.camera().fps();
    }

    public void start() {
        writers.start(writerThreads);
        thread.start();
    }

    /** Why the episode cannot go on (disk full, write failure), or null while all is well. */
    public String problem() {
        String diskFull = writers.diskFull();
        return diskFull != null ? diskFull : problem;
    }

    public LiveCounts live() {
        // Drops at capture are counted by the camera thread at once; the rest when their rows are settled.
        return new LiveCounts(controlCount, eventCount, frameQueue.captured(),
                frameQueue.droppedQueueFull() + droppedShutdown + writeErrors, frameQueue.droppedQueueFull(),
                frameQueue.depth(), writeErrors);
    }

    /**
     * Ends the episode: call after the sources have stopped. Lets the frame writers finish the queue (at
     * most {@code writerTimeoutMillis}; frames left after that are counted as dropped), drains what is left,
     * closes the CSVs and writes the final metadata.
     *
     * @param status "complete" or "interrupted"
     * @return the final figures
     */
    public EpisodeTally finish(String status, long writerTimeoutMillis) {
        writers.drainAndStop(writerTimeoutMillis);
        finalStatus = status;
        finishing = true;
        wakeup.signal();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return finalTally;
    }

    private void run() {
        long nextFlush = System.nanoTime() + FLUSH_INTERVAL_NS;
        long nextMetadata = System.nanoTime() + METADATA_INTERVAL_NS;
        while (true) {
            boolean last = finishing;
            drainControls();
            drainFrameRows(last);
            long now = System.nanoTime();
            if (now - nextFlush >= 0) {
                flushAll();
                nextFlush = now + FLUSH_INTERVAL_NS;
            }
            if (now - nextMetadata >= 0) {
                writeMetadata("recording", now);
                nextMetadata = now + METADATA_INTERVAL_NS;
            }
            if (last) {
                break;
            }
            wakeup.await(Math.min(nextFlush, nextMetadata) - now);
        }
        end();
    }

    private void drainControls() {
        ControlRecord record;
        while ((record = controlRing.peek()) != null) {
            try {
                switch (record.kind) {
                    case SAMPLE -> appendSample(record);
                    case EVENT -> appendEvent(record);
                    case HELLO -> takeHello(record);
                    default -> {
                        // Other info lines carry nothing the episode format records.
                    }
                }
            } catch (IOException e) {
                fail(e);
            }
            controlRing.release();
        }
    }

    private void takeHello(ControlRecord record) {
        String text = record.nameText();
        hello = "#" + text;
        Hello parsed = Hello.parse(text);
        if (parsed != null) {
            expectedControlHz = parsed.rateHz();
            if (channels == null) {
                channels = parsed.channels();
            }
        }
    }

    private void appendSample(ControlRecord r) throws IOException {
        if (controls == null) {
            openControls(r.valueCount);
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
        controlTimes.add(tNs);
        controlCount++;
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
        eventCount++;
    }

    private void openControls(int valuesInFirstSample) throws IOException {
        if (channels == null) {
            channelsGuessed = true;
            List<String> guessed = new ArrayList<>();
            for (int i = 0; i < Math.max(1, valuesInFirstSample); i++) {
                guessed.add(i < DEFAULT_CHANNELS.size() ? DEFAULT_CHANNELS.get(i) : "ch" + (i + 1));
            }
            channels = List.copyOf(guessed);
        }
        controls = new CsvFile(info.directory().resolve("controls.csv"),
                "seq,device_us,receive_ns,t_ns," + String.join(",", channels));
    }

    private void drainFrameRows(boolean last) {
        SpscRing<FrameRow> rows = frameQueue.rows();
        FrameRow row;
        while ((row = rows.peek()) != null) {
            int state = row.state();
            if (state == FrameRow.PENDING) {
                if (!last) {
                    return;
                }
                // A writer is stuck past its deadline: the frame is given up, and the writer will not
                // leave a file behind for it.
                row.settle(FrameRow.DROPPED_SHUTDOWN, 0);
                state = row.state();
            }
            try {
                appendFrame(row, state);
            } catch (IOException e) {
                fail(e);
            }
            rows.release();
        }
    }

    private void appendFrame(FrameRow row, int state) throws IOException {
        long receiveNs = timeBase.toEpochNs(row.receiveNanoTime);
        long tNs = frameTime(row, receiveNs);
        frames.add(row.index).add(tNs).add(receiveNs);
        if (state == FrameRow.WRITTEN) {
            frames.add(row.bytes).add("frames/" + FrameWriterPool.fileName(row.index));
            framesWritten++;
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
        frameCount++;
    }

    /**
     * The capture moment: the driver's buffer time where the source gives one (V4L2: CLOCK_MONOTONIC, the
     * clock of System.nanoTime), else the arrival time. A device time that is not plausibly on our clock
     * (more than a second away from arrival, or after it) is not trusted.
     */
    private long frameTime(FrameRow row, long receiveNs) {
        if (row.deviceTimestampUs == Long.MIN_VALUE || !info.camera().hasDeviceTimestamps()) {
            return receiveNs;
        }
        long deviceNs = timeBase.toEpochNs(row.deviceTimestampUs * 1000);
        long lead = receiveNs - deviceNs;
        return lead >= 0 && lead < 1_000_000_000L ? deviceNs : receiveNs;
    }

    private void flushAll() {
        try {
            if (controls != null) {
                controls.flush();
            }
            events.flush();
            frames.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void writeMetadata(String status, long nowNanoTime) {
        try {
            metadata.write(tally(status, nowNanoTime), timeBase.toEpochNs(nowNanoTime));
        } catch (IOException e) {
            fail(e);
        }
    }

    private void end() {
        try {
            Files.deleteIfExists(reserve);
        } catch (IOException ignored) {
            // Only matters on a full disk, where the writes below will say so.
        }
        try {
            if (controls == null) {
                openControls(channels == null ? DEFAULT_CHANNELS.size() : channels.size());
            }
        } catch (IOException e) {
            fail(e);
        }
        closeQuietly(controls);
        closeQuietly(events);
        closeQuietly(frames);
        String status = problem() != null && "complete".equals(finalStatus) ? "interrupted" : finalStatus;
        long now = System.nanoTime();
        finalTally = tally(status, now);
        try {
            metadata.write(finalTally, timeBase.toEpochNs(now));
        } catch (IOException e) {
            fail(e);
        }
    }

    private void closeQuietly(CsvFile file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        if (problem == null) {
            problem = DiskFull.is(e) ? "disk full: " + e.getMessage() : "cannot write the episode: " + e.getMessage();
        }
    }

    private EpisodeTally tally(String status, long nowNanoTime) {
        ControllerStats reader = controllerStats.get();
        IntervalStats controlIntervals = IntervalStats.of(controlTimes);
        IntervalStats frameIntervals = IntervalStats.of(frameTimes);
        List<String> names = channels != null ? channels : DEFAULT_CHANNELS;
        return new EpisodeTally(status, timeBase.secondsSinceStart(nowNanoTime), controlCount, eventCount,
                frameCount, framesWritten, droppedQueueFull + droppedShutdown + writeErrors, droppedQueueFull,
                droppedShutdown, writeErrors, reader.badLines() + mismatchedSamples, reader.lostRecords(),
                reader.noiseLines(), reader.resets(), controlIntervals.rateHz(), frameIntervals.rateHz(),
                expectedControlHz, info.camera().fps(), frameQueue.framesBeforeStart(), hello, names,
                channels == null || channelsGuessed,
                clock.fit(), SyncQuality.of(controlTimes, frameTimes), controlIntervals, frameIntervals,
                problem());
    }
}
