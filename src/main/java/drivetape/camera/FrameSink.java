package drivetape.camera;

/** Where {@link CameraCapture} hands each frame, on the capture thread. */
public interface FrameSink {

    /**
     * Takes one frame. Must not block: the camera keeps only a few buffers, and a stalled capture thread
     * loses frames. The frame and the bytes it points at are reused for the next frame, so the sink copies
     * what it keeps (into a preallocated slot) before returning.
     */
    void onFrame(GrabbedFrame frame);

    /**
     * The stream ended by itself: {@code errorOrNull} is null at the end of a replayed file, else the reason
     * the camera stopped (unplugged, failed mid-recording) as a one-line, user-facing message. Not called
     * when the capture was closed by its owner. Called on the capture thread after the last onFrame.
     */
    void onEnd(CameraException errorOrNull);
}
