package drivetape.episode;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One captured frame's line in frames.csv, as a reused slot of the camera -> episode writer ring. The
 * camera thread fills it at capture; a frame writer thread settles its fate (written, failed); the episode
 * writer emits it once settled. Settling is a compare-and-set from PENDING, so a frame given up at shutdown
 * and a writer finishing it at the same moment cannot both win.
 */
final class FrameRow {
    static final int PENDING = 0;
    static final int WRITTEN = 1;
    static final int DROPPED_QUEUE_FULL = 2;
    static final int DROPPED_SHUTDOWN = 3;
    static final int WRITE_ERROR = 4;

    private static final AtomicIntegerFieldUpdater<FrameRow> STATE =
            AtomicIntegerFieldUpdater.newUpdater(FrameRow.class, "state");

    long index;
    long receiveNanoTime;
    long deviceTimestampUs;
    /** Bytes of the written JPEG; read only after a settled state is seen. */
    int bytes;
    private volatile int state;

    void reset(long frameIndex, long receivedAt, long deviceUs) {
        index = frameIndex;
        receiveNanoTime = receivedAt;
        deviceTimestampUs = deviceUs;
        bytes = 0;
        state = PENDING;
    }

    int state() {
        return state;
    }

    /** Settles a pending row; false when it was already settled (e.g. given up at shutdown). */
    boolean settle(int newState, int writtenBytes) {
        bytes = writtenBytes;
        return STATE.compareAndSet(this, PENDING, newState);
    }

    /** For the camera thread, before the row is published: the frame never reached the queue. */
    void dropBeforeQueue() {
        state = DROPPED_QUEUE_FULL;
    }
}
