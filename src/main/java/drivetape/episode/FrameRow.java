package drivetape.episode;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One frame's line in an episode's frames.csv, as a reused slot of the timeline -> episode writer ring. The
 * timeline fills it when it routes a frame into the episode; a frame writer thread settles its fate
 * (written, failed); the episode writer appends it once settled. Settling is a compare-and-set from
 * PENDING, so a frame given up at the end and a writer finishing it at the same moment cannot both win.
 */
public final class FrameRow {
    static final int PENDING = 0;
    static final int WRITTEN = 1;
    static final int DROPPED_QUEUE_FULL = 2;
    static final int DROPPED_SHUTDOWN = 3;
    static final int WRITE_ERROR = 4;

    private static final AtomicIntegerFieldUpdater<FrameRow> STATE =
            AtomicIntegerFieldUpdater.newUpdater(FrameRow.class, "state");

    /** The episode's frames/ directory: the same for every row of one ring. */
    final Path framesDirectory;
    long index;
    long receiveNs;
    long tNs;
    /** Bytes of the written JPEG; read only after a settled state is seen. */
    int bytes;
    private volatile int state;

    FrameRow(Path framesDirectory) {
        this.framesDirectory = framesDirectory;
    }

    void reset(long frameIndex, long receivedNs, long captureNs) {
        index = frameIndex;
        receiveNs = receivedNs;
        tNs = captureNs;
        bytes = 0;
        state = PENDING;
    }

    int state() {
        return state;
    }

    /** Settles a pending row; false when it was already settled (e.g. given up at the end). */
    boolean settle(int newState, int writtenBytes) {
        bytes = writtenBytes;
        return STATE.compareAndSet(this, PENDING, newState);
    }

    /** Before the row is published: the frame never reached the write queue. */
    void dropBeforeQueue() {
        state = DROPPED_QUEUE_FULL;
    }
}
