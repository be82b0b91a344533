package drivetape.handoff;

import java.nio.ByteBuffer;

/**
 * A reusable buffer holding one frame's bytes on its way from the camera thread, through the timeline,
 * to a frame writer (or back to the pool). Owned by exactly one thread at a time: the hand-offs between
 * them (rings, queues) publish its fields.
 */
public final class FrameSlot {
    public ByteBuffer data = ByteBuffer.allocateDirect(0);
    /** A whole JPEG (MJPEG cameras) rather than raw BGR pixels. */
    public boolean jpeg;
    public int width;
    public int height;
    /** Bytes per row of raw pixels. */
    public int stride;
    /** System.nanoTime() when the camera handed the frame over. */
    public long receiveNanoTime;
    /** The driver's timestamp in microseconds, or Long.MIN_VALUE. */
    public long deviceTimestampUs;
    /** The capture moment on the session's time base, once the timeline has decided it. */
    public long tNs;
    /** Where the frame goes once routed into an episode (the row of its frames.csv line), else null. */
    public Object destination;
}
