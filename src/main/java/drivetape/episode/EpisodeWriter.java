package drivetape.episode;

import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.camera.GrabbedFrame;
import drivetape.camera.JpegEncoder;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.ControlRecord;
import drivetape.timing.ControlClock;
import drivetape.timing.IntervalStats;
import drivetape.timing.SegmentTimeMapping;
import drivetape.timing.SyncQuality;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Owns one episode directory: the only code that writes into it.
 *
 * <p>Its thread ({@code drivetape-episode}) drains the control records the serial reader hands over and the
 * frame rows the camera hands over, appends the CSVs (pushed to the OS at least every 250 ms) and rewrites
 * metadata.json at least once a second. The frame writer threads it starts write the JPEGs. Nothing here
 * runs on a device thread except {@link #offerFrame}, which only copies into a free buffer.
 */
public final class EpisodeWriter {
    private static final long FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long METADATA_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int RESERVE_BYTES = 1 << 20;

    private final EpisodeInfo info;
    private final TimeBase timeBase;
    private final ControlClock clock;
    private final Supplier<ControllerStats> controllerStats;
    private final Wakeup wakeup;
    private final SpscRing<ControlRecord> controlRing;
    private final FrameQueue frameQueue;
    private final FrameWriterPool writers;
    private final int writerThreads;
    private final ControlTable controls;
    private final FrameTable frames;
    private final MetadataFile metadata;
    private final Path reserve;
    private final Thread thread;

    private volatile String problem;
    private volatile boolean finishing;
    private volatile long endNanos;
    private volatile String finalStatus;
    private volatile EpisodeTally finalTally;
    private boolean timesRefined;
    private AlignCounts aligned;
    private String alignProblem;

    private EpisodeWriter(EpisodeInfo info, ControlHandoff handoff, ControlClock clock,
                          Supplier<ControllerStats> controllerStats, int queueCapacity, long queueBudgetBytes,
                          int writerThreads, Supplier<JpegEncoder> encoders) throws IOException {
        this.info = info;
        this.timeBase = info.timeBase();
        this.clock = clock;
        this.controllerStats = controllerStats;
        this.wakeup = handoff.consumerWakeup();
        this.controlRing = handoff.ring();
        this.frameQueue = new FrameQueue(queueCapacity, queueBudgetBytes, timeBase.monotonicNsAtStart(), wakeup);
        this.writerThreads = Math.max(1, Math.min(FrameQueue.MAX_WRITERS, writerThreads));
        Path dir = info.directory();
        int quality = info.jpegQuality() == null ? 90 : info.jpegQuality();
        this.writers = new FrameWriterPool(frameQueue, dir.resolve("frames"), encoders, !info.camera().isJpeg(),
                quality, wakeup);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("queue_frames", queueCapacity);
        settings.put("queue_bytes", queueBudgetBytes);
        settings.put("writer_threads", this.writerThreads);
        this.metadata = new MetadataFile(info, settings);
        this.controls = new ControlTable(dir, timeBase, clock);
        this.frames = new FrameTable(dir, timeBase, info.camera().hasDeviceTimestamps(), info.cameraLatencyMs());
        // Space kept back so the final flush and metadata still fit when the disk fills up.
        this.reserve = dir.resolve(".drivetape-reserve");
        Files.write(reserve, new byte[RESERVE_BYTES]);
        this.thread = new Thread(this::run, "drivetape-episode");
        long now = System.nanoTime();
        metadata.write(tally("recording", now), timeBase.toEpochNs(now));
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

    /**
     * Does the slow first-time work of creating an episode (JSON writer classes, host facts) ahead of time,
     * so an episode's start is not spent on it. Optional; safe to call more than once.
     */
    public static void warmUp() {
        try {
            MetadataFile.warmUp();
        } catch (IOException e) {
            // Only a warm-up: the real write reports its own problems.
        }
    }

    /** Called on the camera thread for each frame; copies it into a free buffer or drops it. Never blocks. */
    public void offerFrame(GrabbedFrame frame) {
        frameQueue.offer(frame);
    }

    /** The frame rate the camera was opened at. */
    public double expectedFrameHz() {
        return info.camera().fps();
    }

    /** Starts the frame writers (returning once they are ready) and the episode thread. */
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
        return new LiveCounts(controls.samples(), controls.events(), frameQueue.captured(),
                frameQueue.droppedQueueFull() + frames.droppedShutdown() + frames.writeErrors(),
                frameQueue.droppedQueueFull(), frameQueue.depth(), frames.writeErrors());
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
        // The episode ends now, when the sources have stopped: writing out what is queued is not recording.
        endNanos = System.nanoTime();
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
                controls.append(record);
            } catch (IOException e) {
                fail(e);
            }
            controlRing.release();
        }
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
                frames.append(row, state);
            } catch (IOException e) {
                fail(e);
            }
            rows.release();
        }
    }

    private void flushAll() {
        try {
            controls.flush();
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
            controls.close();
        } catch (IOException e) {
            fail(e);
        }
        try {
            frames.close();
        } catch (IOException e) {
            fail(e);
        }
        refineControlTimes();
        writeAlignedTable();
        String status = problem() != null && "complete".equals(finalStatus) ? "interrupted" : finalStatus;
        finalTally = tally(status, endNanos);
        try {
            metadata.write(finalTally, timeBase.toEpochNs(endNanos));
        } catch (IOException e) {
            fail(e);
        }
    }

    private void refineControlTimes() {
        SegmentTimeMapping mapping = clock.finalMapping();
        if (mapping == null) {
            return;
        }
        try {
            controls.refineTimes(mapping);
            timesRefined = true;
        } catch (IOException e) {
            // The times from recording stay: good, only not the best. Not a reason to call the episode broken.
        }
    }

    /** aligned.csv, the training table, from the finished (and refined) CSVs. */
    private void writeAlignedTable() {
        try {
            aligned = AlignedTable.write(info.directory());
        } catch (IOException e) {
            // The episode is whole without it; `drivetape align` rebuilds it. Said in the metadata.
            alignProblem = e.getMessage();
        }
    }

    private void fail(IOException e) {
        if (problem == null) {
            problem = DiskFull.is(e) ? "disk full: " + e.getMessage() : "cannot write the episode: " + e.getMessage();
        }
    }

    private EpisodeTally tally(String status, long nowNanoTime) {
        ControllerStats reader = controllerStats.get();
        IntervalStats controlIntervals = IntervalStats.of(controls.sampleTimes());
        IntervalStats frameIntervals = IntervalStats.of(frames.frameTimes());
        return new EpisodeTally(status, timeBase.secondsSinceStart(nowNanoTime), controls.samples(),
                controls.events(), frames.count(), frames.written(), frames.dropped(), frames.droppedQueueFull(),
                frames.droppedShutdown(), frames.writeErrors(), reader.badLines() + controls.mismatchedSamples(),
                reader.lostRecords(), reader.noiseLines(), reader.resets(), controlIntervals.rateHz(),
                frameIntervals.rateHz(), controls.expectedHz(), info.camera().fps(),
                frameQueue.framesBeforeStart(), controls.hello(), controls.channels(), controls.channelsGuessed(),
                clock.fit(), SyncQuality.of(controls.sampleTimes(), frames.frameTimes()), controlIntervals,
                frameIntervals, frames.pipelineLatency(), timesRefined, aligned, alignProblem, problem());
    }
}
