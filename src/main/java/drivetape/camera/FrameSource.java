package drivetape.camera;

/**
 * A source of camera frames: a V4L2 device, a video file replayed in real time, or the synthetic test
 * pattern. A real camera, a replay and a simulator plug into the capture thread through this.
 *
 * <p>Used by exactly one thread (the capture thread), which calls {@link #open()}, then {@link #next} in a
 * loop, then {@link #close()}.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * Opens the device and starts streaming.
     *
     * @throws CameraException with a one-line message that says what to do (no such device, busy, ...)
     */
    FrameFormat open() throws CameraException;

    /**
     * Blocks until the next frame is available and describes it in {@code frame}. The bytes it points at
     * stay valid only until the next call to {@code next} or {@code close}.
     *
     * @return false at the end of the stream (end of a file, or the source was closed)
     * @throws CameraException when a camera fails mid-stream (unplugged), with a one-line message
     */
    boolean next(GrabbedFrame frame) throws CameraException;

    /**
     * Stops streaming and frees native resources; safe to call from another thread to unblock next(). When
     * another thread is inside next(), the resources are freed as that call returns (a camera read returns
     * within a frame period; a replay's pacing wait ends at once), never under it. Idempotent.
     */
    @Override
    void close();
}
