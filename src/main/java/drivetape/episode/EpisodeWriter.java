package drivetape.episode;

import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeStatus;
import drivetape.handoff.SpscRing;
import drivetape.serial.ControlRecord;
import drivetape.timing.ClockFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Owns one episode directory while it records: the only code that writes into it (the frame writers
 * excepted, which write frames/). Driven by the episode thread: it drains the feed's rings into the CSVs,
 * pushes them to the OS every 200 ms and to the device every second, and rewrites metadata.json twice a
 * second. It does no timing: every time comes from the timeline.
 */
public final class EpisodeWriter {
    static final long FLUSH_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long METADATA_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long SYNC_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int RESERVE_BYTES = 1 << 20;

    private final EpisodeFeed feed;
    private final EpisodeSpec spec;
    private final EpisodeLock lock;
    private final Supplier<ClockFit> clock;
    private final boolean syncToDevice;
    private final ControlTable controls;
    private final FrameTable frames;
    private final MetadataFile metadata;
    private final Path reserve;
    private final LiveFigures live = new LiveFigures();
    private long nextFlush;
    private long nextSync;
    private long nextMetadata;
    private long giveUpAt = Long.MAX_VALUE;
    private EpisodeSpec.Controller controller;
    private volatile String problem;

    private EpisodeWriter(EpisodeFeed feed, EpisodeLock lock, Supplier<ClockFit> clock, boolean syncToDevice)
            throws IOException {
        this.feed = feed;
        this.spec = feed.spec;
        this.lock = lock;
        this.clock = clock;
        this.syncToDevice = syncToDevice;
        Path dir = spec.directory();
        // Space kept back so the final flush and metadata still fit when the disk fills up.
        this.reserve = dir.resolve(EpisodeFiles.RESERVE);
        Files.write(reserve, new byte[RESERVE_BYTES]);
        this.controls = new ControlTable(dir, spec.controller().channels());
        this.frames = new FrameTable(dir);
        this.metadata = new MetadataFile(spec);
        this.controller = spec.controller();
        long now = System.nanoTime();
        nextFlush = now + FLUSH_INTERVAL_NS;
        nextSync = now + SYNC_INTERVAL_NS;
        nextMetadata = now + METADATA_INTERVAL_NS;
        metadata.write(figures(EpisodeStatus.RECORDING, now), spec.timeBase().toEpochNs(now), syncToDevice);
    }

    /**
     * Creates the episode's files (status "recording") in its directory and takes its lock.
     *
     * @param clock the clock fit as it stands, for the live metadata (read on the episode thread; the
     *              timeline publishes it)
     */
    static EpisodeWriter open(EpisodeFeed feed, Supplier<ClockFit> clock, boolean syncToDevice) throws IOException {
        EpisodeLock lock = EpisodeLock.tryAcquire(feed.spec.directory());
        if (lock == null) {
            throw new IOException("another process holds " + feed.spec.directory());
        }
        try {
            return new EpisodeWriter(feed, lock, clock, syncToDevice);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    EpisodeSpec spec() {
        return spec;
    }

    /** Why the episode cannot go on (disk full, write failure), or null while all is well. */
    public String problem() {
        return problem;
    }

    /** Drains what the feed holds; returns how many rows were written. */
    int drain() {
        int done = 0;
        SpscRing<ControlRecord> ring = feed.controls;
        ControlRecord record;
        while ((record = ring.peek()) != null) {
            try {
                controls.append(record);
                if (record.kind == drivetape.serial.RecordKind.SAMPLE) {
                    live.onControl(record.tNs);
                } else if (record.kind == drivetape.serial.RecordKind.HELLO) {
                    onHello(record);
                }
            } catch (IOException e) {
                fail(e);
            }
            ring.release();
            done++;
        }
        SpscRing<FrameRow> rows = feed.frameRows;
        FrameRow row;
        while ((row = rows.peek()) != null) {
            int state = row.state();
            if (state == FrameRow.PENDING) {
                if (System.nanoTime() - giveUpAt < 0) {
                    break;
                }
                // Still unwritten past the writer timeout at the end: the frame is given up, and the
                // writer will leave no file behind for it.
                row.settle(FrameRow.DROPPED_SHUTDOWN, 0);
                state = row.state();
            }
            try {
                frames.append(row, state);
                live.onFrame(row.tNs);
            } catch (IOException e) {
                fail(e);
            }
            rows.release();
            done++;
        }
        return done;
    }

    /** A hello that names the episode's columns is the board's: kept for the metadata (once per boot). */
    private void onHello(ControlRecord record) {
        drivetape.serial.Hello hello = drivetape.serial.Hello.parse(record.nameText());
        if (hello != null && hello.channels().equals(controller.channels())) {
            controller = new EpisodeSpec.Controller(controller.port(), controller.baud(), "#" + hello.text(),
                    controller.channels(), true);
        }
    }

    /** The periodic work: flush, sync, metadata. Returns the next deadline (System.nanoTime()). */
    long tick(long now) {
        if (now - nextFlush >= 0) {
            try {
                controls.flush();
                frames.flush();
            } catch (IOException e) {
                fail(e);
            }
            nextFlush = now + FLUSH_INTERVAL_NS;
        }
        boolean sync = syncToDevice && now - nextSync >= 0;
        if (sync) {
            try {
                controls.sync();
                frames.sync();
            } catch (IOException e) {
                fail(e);
            }
            nextSync = now + SYNC_INTERVAL_NS;
        }
        if (now - nextMetadata >= 0 || sync) {
            writeMetadata(now, sync);
            nextMetadata = now + METADATA_INTERVAL_NS;
        }
        return Math.min(nextFlush, Math.min(nextMetadata, syncToDevice ? nextSync : Long.MAX_VALUE));
    }

    private void writeMetadata(long now, boolean sync) {
        try {
            metadata.write(figures(EpisodeStatus.RECORDING, now), spec.timeBase().toEpochNs(now), sync);
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * Whether the episode can be closed: its end was asked, and every frame row is settled or the writer
     * timeout ran out. Starts that timeout the first time it is asked after the end.
     */
    boolean readyToClose(long writerTimeoutNanos) {
        EpisodeFeed.End end = feed.endRequest();
        if (end == null) {
            return false;
        }
        if (giveUpAt == Long.MAX_VALUE) {
            giveUpAt = System.nanoTime() + writerTimeoutNanos;
        }
        drain();
        return feed.frameRows.peek() == null && feed.controls.peek() == null;
    }

    /** The frame counts so far (from any thread: each current on its own). */
    public FrameCounts frameCountsNow() {
        return frames.counts();
    }

    /** Control samples written so far (from any thread). */
    public long samplesNow() {
        return controls.samples();
    }

    ControlCounts controlCounts() {
        return feed.controlCounts(controls.samples(), controls.events(), controls.mismatchedSamples());
    }

    /** Closes the CSVs (the episode's rows are all in) and hands over what the finisher needs. */
    ClosedEpisode close() {
        try {
            Files.deleteIfExists(reserve);
        } catch (IOException ignored) {
            // Only matters on a full disk, where the writes below say so.
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
        EpisodeFeed.End end = feed.endRequest();
        if (end == null) {
            // The session went down without ending it (an internal failure): what is written stays.
            end = new EpisodeFeed.End(EpisodeStatus.INTERRUPTED, "recorder stopped", System.nanoTime(), null, null);
        }
        return new ClosedEpisode(spec, end, controller, controlCounts(), frames.counts(), frames.pipelineLatency(),
                controls.segments(), feed.outages(), problem, lock);
    }

    /** The figures as they stand, for metadata.json and the status line. */
    EpisodeFigures figures(drivetape.format.EpisodeStatus status, long nowNanoTime) {
        return new EpisodeFigures(status, spec.timeBase().secondsSinceStart(nowNanoTime), controller, controlCounts(),
                frames.counts(), live.controls(), live.frames(), live.sync(),
                new EpisodeFigures.Clock(clock.get(), false, null), frames.pipelineLatency(), null, feed.outages(),
                problem, null);
    }

    private void fail(IOException e) {
        if (problem == null) {
            problem = DiskFull.is(e) ? "disk full: " + e.getMessage() : "cannot write the episode: " + e.getMessage();
            feed.fail(problem);
        }
    }

    /** Marks the episode as failed for a reason found elsewhere (the frame writers' full disk). */
    void fail(String why) {
        if (problem == null) {
            problem = why;
            feed.fail(why);
        }
    }
}
