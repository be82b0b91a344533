package drivetape.episode;

import drivetape.format.EpisodeStatus;
import drivetape.handoff.FrameSlot;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.ControlRecord;
import drivetape.timing.SegmentTimeMapping;
import drivetape.serial.ReaderCounters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One episode as the timeline feeds it: its timed control records and its frames' rows, on rings the
 * episode writer's thread drains, and the request to end it. The timeline thread is the only producer; the
 * episode thread the only consumer.
 */
public final class EpisodeFeed {
    /** Control records the writer may lag behind: 16 s at 1000 Hz, minutes at 50 Hz. */
    static final int CONTROL_CAPACITY = 1 << 14;
    /** Frame rows the writer may lag behind: minutes of video. */
    static final int FRAME_ROW_CAPACITY = 1 << 14;
    private static final long FULL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /**
     * How the episode ends.
     *
     * @param endNanoTime the episode's end on the monotonic clock (the trigger's moment)
     * @param mapping the clock mapping to rewrite its control times with, or null to keep them
     * @param fit the clock fit over everything seen, for the final metadata, or null for the live one
     */
    public record End(EpisodeStatus status, String reason, long endNanoTime, SegmentTimeMapping mapping,
                      drivetape.timing.ClockFit fit) {
    }

    final EpisodeSpec spec;
    final SpscRing<ControlRecord> controls;
    final SpscRing<FrameRow> frameRows;
    private final Wakeup wakeup;
    private long nextFrameIndex;
    private long ringWaits;
    private final ReaderCounters reader;
    private final long badLinesAtStart;
    private final long lostAtStart;
    private final long noiseAtStart;
    private final long resetsAtStart;
    private final List<Outage> outages = new ArrayList<>();
    private volatile End end;
    private volatile String failure;
    private volatile EpisodeWriter writer;

    /**
     * @param wakeup the episode thread's: signalled when a row is published or the end is asked
     * @param reader the serial reader's counts, which the episode reports from its start on
     */
    public EpisodeFeed(EpisodeSpec spec, Wakeup wakeup, ReaderCounters reader) {
        this.spec = spec;
        this.reader = reader;
        this.badLinesAtStart = reader.badLines();
        this.lostAtStart = reader.lostRecords();
        this.noiseAtStart = reader.noiseLines();
        this.resetsAtStart = reader.resets();
        this.wakeup = wakeup;
        this.controls = new SpscRing<>(CONTROL_CAPACITY, ControlRecord::new, wakeup);
        Path frames = spec.directory().resolve(drivetape.format.EpisodeFiles.FRAMES_DIR);
        this.frameRows = new SpscRing<>(FRAME_ROW_CAPACITY, () -> new FrameRow(frames), wakeup);
    }

    public EpisodeSpec spec() {
        return spec;
    }

    // ---- timeline thread ----

    /** Copies a timed sample or event into the episode; waits (never drops) while the writer is behind. */
    public void addControl(ControlRecord timed) {
        ControlRecord slot = controls.claim();
        while (slot == null && failure == null) {
            ringWaits++;
            LockSupport.parkNanos(this, FULL_PARK_NANOS);
            slot = controls.claim();
        }
        if (slot == null) {
            return;
        }
        slot.copyFrom(timed);
        controls.publish();
    }

    /**
     * Gives a frame its row (the next index) and, when it has bytes, a place in the write queue.
     *
     * @param slot the frame's bytes, or null when none could be kept (the row then says dropped)
     * @param writers where a slot goes to be written (the pool recycles it)
     * @return the frame's index
     */
    public long addFrame(FrameSlot slot, long receiveNs, long tNs, FrameWriterPool writers,
                         drivetape.handoff.FramePool pool) {
        FrameRow row = frameRows.claim();
        while (row == null && failure == null) {
            ringWaits++;
            LockSupport.parkNanos(this, FULL_PARK_NANOS);
            row = frameRows.claim();
        }
        long index = nextFrameIndex;
        if (row == null) {
            if (slot != null) {
                pool.recycle(slot);
            }
            return index;
        }
        nextFrameIndex++;
        row.reset(index, receiveNs, tNs);
        if (slot == null || writers.diskFull() != null) {
            row.dropBeforeQueue();
            if (slot != null) {
                pool.recycle(slot);
            }
            frameRows.publish();
        } else {
            slot.destination = row;
            frameRows.publish();
            writers.submit(slot);
        }
        return index;
    }

    /** Frames routed into the episode so far. */
    public long frames() {
        return nextFrameIndex;
    }

    /** A device went away while the episode was recording (from any thread). */
    public synchronized void outageStarted(String device, long fromNs) {
        outages.add(new Outage(device, fromNs, null));
    }

    /** The device is back. */
    public synchronized void outageEnded(String device, long toNs) {
        for (int i = outages.size() - 1; i >= 0; i--) {
            Outage o = outages.get(i);
            if (o.device().equals(device) && o.toNs() == null) {
                outages.set(i, new Outage(device, o.fromNs(), toNs));
                return;
            }
        }
    }

    synchronized List<Outage> outages() {
        return List.copyOf(outages);
    }

    /** The controller's error counts since the episode started, with the sample and event counts given. */
    ControlCounts controlCounts(long samples, long events, long mismatched) {
        return new ControlCounts(samples, events, reader.badLines() - badLinesAtStart + mismatched,
                reader.lostRecords() - lostAtStart, reader.noiseLines() - noiseAtStart,
                reader.resets() - resetsAtStart);
    }

    /** Asks the episode thread to finish the episode; rows already published are still written. */
    public void end(End how) {
        if (end == null) {
            end = how;
            wakeup.signal();
        }
    }

    public boolean ending() {
        return end != null;
    }

    /** Why the episode's files can no longer be written (disk full), or null: stop feeding it then. */
    public String failure() {
        return failure;
    }

    /** The episode's writer once its files exist (for live counts), or null. */
    public EpisodeWriter writer() {
        return writer;
    }

    // ---- episode thread ----

    End endRequest() {
        return end;
    }

    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    void attach(EpisodeWriter w) {
        writer = w;
    }
}
