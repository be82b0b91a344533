package drivetape.camera;

/** Where {@link CameraCapture} hands each frame and each change of the camera's state, on the capture thread. */
public interface FrameSink {

    /**
     * Takes one frame. Must not block: the camera keeps only a few buffers, and a stalled capture thread
     * loses frames. The frame and the bytes it points at are reused for the next frame, so the sink copies
     * what it keeps (into a preallocated slot) before returning.
     */
    void onFrame(GrabbedFrame frame);

    /**
     * The camera failed mid-stream (unplugged, a driver error): {@code why} is a one-line message. Capture
     * looks for it again every half second and calls {@link #onCameraBack} once it is open again.
     */
    void onCameraLost(String why, long nanoTime);

    /** The camera is open again after {@link #onCameraLost}. */
    void onCameraBack(FrameFormat format, long nanoTime);

    /** A replayed file ended: no more frames will come. */
    void onEnd();
}
