package drivetape.episode;

import drivetape.camera.GrabbedFrame;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-off from the camera thread to the frame writers, bounded in frames and in bytes.
 *
 * <p>The camera thread never waits here: when no buffer is free (the writers are behind, or a bigger frame
 * would pass the memory budget) the frame is dropped and its frames.csv row says so. Buffers are reused,
 * so steady-state capture allocates nothing. Every captured frame gets exactly one {@link FrameRow}, in
 * capture order, on a ring the episode writer drains.
 */
final class FrameQueue {
    /** Rows the episode writer may lag behind the camera before the camera has to wait (minutes of video). */
    static final int ROW_RING_CAPACITY = 1 << 14;
    static final int MAX_WRITERS = 16;

    private final SlotStack free;
    private final BlockingQueue<FrameSlot> work;
    private final SpscRing<FrameRow> rows;
    private final long budgetBytes;
    // Camera-thread state (single writer); volatile where the status line reads it.
    private long allocatedBytes;
    private long nextIndex;
    private volatile long captured;
    private volatile long droppedQueueFull;
    private volatile long rowRingWaits;
    private volatile long framesBeforeStart;
    private final long episodeStartNanos;

    FrameQueue(int capacity, long budgetBytes, long episodeStartNanos, Wakeup episodeWriterWakeup) {
        this.episodeStartNanos = episodeStartNanos;
        this.free = new SlotStack(capacity);
        // Room for every slot plus one stop marker per writer thread.
        this.work = new ArrayBlockingQueue<>(capacity + MAX_WRITERS);
        for (int i = 0; i < capacity; i++) {
            free.push(new FrameSlot());
        }
        this.rows = new SpscRing<>(ROW_RING_CAPACITY, FrameRow::new, episodeWriterWakeup);
        this.budgetBytes = budgetBytes;
    }

    /** Called on the camera thread for every frame; never blocks on the writers. */
    void offer(GrabbedFrame frame) {
        if (frame.deviceTimestampUs != Long.MIN_VALUE && frame.deviceTimestampUs * 1000 - episodeStartNanos < 0) {
            // Buffered by the driver before the episode began (V4L2 queues frames from the moment the
            // camera is opened): not part of this episode.
            framesBeforeStart++;
            return;
        }
        FrameRow row = claimRow();
        row.reset(nextIndex++, frame.receiveNanoTime, frame.deviceTimestampUs);
        FrameSlot slot = free.pop();
        ByteBuffer bytes = frame.data;
        if (slot != null && !fit(slot, bytes.remaining())) {
            free.push(slot);
            slot = null;
        }
        if (slot == null) {
            row.dropBeforeQueue();
            droppedQueueFull++;
        } else {
            slot.data.clear();
            slot.data.put(bytes.duplicate());
            slot.data.flip();
            slot.jpeg = frame.jpeg;
            slot.width = frame.width;
            slot.height = frame.height;
            slot.stride = frame.stride;
            slot.row = row;
            work.offer(slot);
        }
        captured++;
        rows.publish();
    }

    private FrameRow claimRow() {
        FrameRow row = rows.claim();
        while (row == null) {
            // The episode writer is minutes behind (a dead disk): keeping every row matters more than pace.
            rowRingWaits++;
            LockSupport.parkNanos(1_000_000);
            row = rows.claim();
        }
        return row;
    }

    /** Grows the slot's buffer to hold {@code size} bytes if the memory budget allows. */
    private boolean fit(FrameSlot slot, int size) {
        int have = slot.data.capacity();
        if (have >= size) {
            return true;
        }
        int want = Math.max(size, (int) Math.min(Integer.MAX_VALUE, size + size / 8L));
        if (allocatedBytes - have + want > budgetBytes) {
            return false;
        }
        slot.data = ByteBuffer.allocateDirect(want);
        allocatedBytes += want - have;
        return true;
    }

    BlockingQueue<FrameSlot> work() {
        return work;
    }

    void recycle(FrameSlot slot) {
        slot.row = null;
        free.push(slot);
    }

    SpscRing<FrameRow> rows() {
        return rows;
    }

    int depth() {
        return work.size();
    }

    long captured() {
        return captured;
    }

    long droppedQueueFull() {
        return droppedQueueFull;
    }

    /** Frames the camera had stamped before the episode started, skipped. */
    long framesBeforeStart() {
        return framesBeforeStart;
    }

    long rowRingWaits() {
        return rowRingWaits;
    }
}
