package drivetape.camera;

/**
 * Owns the camera thread ("drivetape-camera"): reads frames from a {@link FrameSource} and hands each one
 * to a {@link FrameSink}, reusing one {@link GrabbedFrame}.
 *
 * <p>Use: {@link #open()} on the caller's thread (so a missing or busy camera is reported before the
 * recording starts), then {@link #start()}, then {@link #close()}.
 */
public final class CameraCapture implements AutoCloseable {
    /** How long close() waits for the thread: a camera read returns within a frame period or two. */
    private static final long JOIN_TIMEOUT_MS = 2_000;

    private final FrameSource source;
    private final FrameSink sink;
    private final GrabbedFrame frame = new GrabbedFrame();
    private volatile boolean stopRequested;
    private volatile long framesCaptured;
    private volatile FrameFormat format;
    private Thread thread;

    public CameraCapture(FrameSource source, FrameSink sink) {
        this.source = source;
        this.sink = sink;
    }

    /**
     * Opens the source on the caller's thread.
     *
     * @throws CameraException with a one-line message that says what to do
     */
    public FrameFormat open() throws CameraException {
        if (format != null) {
            throw new IllegalStateException("camera capture is already open");
        }
        format = source.open();
        return format;
    }

    /** Starts the capture thread (does nothing once closed). */
    public synchronized void start() {
        if (format == null) {
            throw new IllegalStateException("open() the camera capture before start()");
        }
        if (thread != null) {
            throw new IllegalStateException("camera capture already started");
        }
        if (stopRequested) {
            return;
        }
        thread = new Thread(this::run, "drivetape-camera");
        // A camera stuck inside a driver call must not keep the JVM alive after the recording ended.
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        CameraException failure = null;
        try {
            while (!stopRequested && source.next(frame)) {
                sink.onFrame(frame);
                framesCaptured = framesCaptured + 1; // single writer: this thread
            }
        } catch (CameraException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new CameraException("camera capture stopped on an internal error (" + e + ")", e);
        } finally {
            // Here, after the last read and after the sink is done with the last frame's buffers.
            source.close();
        }
        if (!stopRequested) {
            sink.onEnd(failure);
        }
    }

    /** Frames handed to the sink so far; safe to read from any thread. */
    public long framesCaptured() {
        return framesCaptured;
    }

    /** The format {@link #open()} returned, or null before. */
    public FrameFormat format() {
        return format;
    }

    /**
     * Stops the capture thread and waits (up to 2 s) for it to end. The source is closed by the capture
     * thread as it ends (a running thread may still be using the last frame's buffers, so nobody else may
     * free them), or here when the thread never started. Safe to call more than once and from any thread,
     * including from the sink (it then does not wait for itself).
     */
    @Override
    public void close() {
        stopRequested = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            source.close();
            return;
        }
        if (running == Thread.currentThread()) {
            return; // the loop sees stopRequested as the sink returns
        }
        // Ends a replay's wait for its next frame at once; a camera read returns within a frame period.
        running.interrupt();
        try {
            running.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Still alive: stuck inside a driver call. It closes the source when that call returns.
    }
}
