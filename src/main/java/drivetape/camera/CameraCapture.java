package drivetape.camera;

import drivetape.runner.Agent;
import drivetape.runner.Reopen;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The camera source, run as the agent of thread {@code drivetape-camera}: reads frames from a
 * {@link FrameSource} and hands each one to a {@link FrameSink}, reusing one {@link GrabbedFrame}.
 *
 * <p>{@link #open()} runs on the caller's thread, so a missing or busy camera is reported before anything
 * starts. A camera that fails mid-stream (unplugged) is not the end: the sink hears so, and the capture
 * looks for the camera again every half second until it is back.
 */
public final class CameraCapture implements Agent {
    public static final String THREAD_NAME = "drivetape-camera";
    private static final long ENDED_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CameraOpener opener;
    private final FrameSink sink;
    private final GrabbedFrame frame = new GrabbedFrame();
    private volatile FrameSource source;
    private volatile FrameFormat format;
    private volatile boolean ended;
    private volatile long framesCaptured;
    private volatile Thread thread;
    private final Reopen reopen = new Reopen();

    public CameraCapture(CameraOpener opener, FrameSink sink) {
        this.opener = opener;
        this.sink = sink;
    }

    @Override
    public String name() {
        return THREAD_NAME;
    }

    /**
     * Opens the camera on the caller's thread.
     *
     * @throws CameraException with a one-line message that says what to do
     */
    public FrameFormat open() throws CameraException {
        if (source != null) {
            throw new IllegalStateException("camera capture is already open");
        }
        FrameSource created = opener.create();
        try {
            format = created.open();
        } catch (CameraException | RuntimeException e) {
            created.close();
            throw e;
        }
        source = created;
        return format;
    }

    @Override
    public void onStart() {
        thread = Thread.currentThread();
    }

    @Override
    public int doWork() {
        FrameSource current = source;
        if (ended) {
            LockSupport.parkNanos(this, ENDED_POLL_NANOS);
            return 0;
        }
        if (current == null) {
            return reopen();
        }
        try {
            if (!current.next(frame)) {
                ended = !Thread.currentThread().isInterrupted();
                if (ended) {
                    sink.onEnd();
                }
                return 0;
            }
        } catch (CameraException e) {
            lost(current, e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            lost(current, "camera capture failed (" + e + ")");
            return 1;
        }
        sink.onFrame(frame);
        framesCaptured = framesCaptured + 1; // single writer: this thread
        return 1;
    }

    private void lost(FrameSource gone, String why) {
        source = null;
        gone.close();
        long now = System.nanoTime();
        sink.onCameraLost(why, now);
        reopen.after(now);
    }

    private int reopen() {
        if (!reopen.due()) {
            return 0;
        }
        FrameSource created = null;
        try {
            created = opener.create();
            FrameFormat reopened = created.open();
            format = reopened;
            source = created;
            sink.onCameraBack(reopened, System.nanoTime());
            return 1;
        } catch (CameraException | RuntimeException e) {
            if (created != null) {
                created.close();
            }
            return 0;
        }
    }

    /** Ends a replay's wait for its next frame at once; a camera read returns within a frame period. */
    @Override
    public void onStopRequested() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Frees the source on the capture thread, after its last read (nobody else may free its buffers). */
    @Override
    public void onClose() {
        FrameSource current = source;
        source = null;
        if (current != null) {
            current.close();
        }
    }

    /** Frees the source when the capture thread never started. */
    public void closeUnstarted() {
        onClose();
    }

    /** Frames handed to the sink so far; safe to read from any thread. */
    public long framesCaptured() {
        return framesCaptured;
    }

    /** Whether the camera is open right now. */
    public boolean connected() {
        return source != null;
    }

    /** The format the camera was last opened with, or null before. */
    public FrameFormat format() {
        return format;
    }
}
