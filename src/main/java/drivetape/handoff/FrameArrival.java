package drivetape.handoff;

/**
 * One entry of the camera -> timeline ring: a captured frame (in a slot, or dropped for want of one), or a
 * change in the camera's state, in the order they happened.
 */
public final class FrameArrival {
    public static final int FRAME = 0;
    /** The camera failed mid-stream; capture is looking for it again. */
    public static final int CAMERA_LOST = 1;
    /** The camera is open again. */
    public static final int CAMERA_BACK = 2;
    /** A replayed file ended. */
    public static final int END = 3;

    public int kind;
    /** The frame's bytes, or null when no buffer was free (the frame is counted as dropped). */
    public FrameSlot slot;
    public long receiveNanoTime;
    public long deviceTimestampUs;
    /** For CAMERA_LOST: why. Allocated only on that rare path. */
    public String message;
}
