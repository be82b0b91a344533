package drivetape.camera;

import java.nio.ByteBuffer;

/**
 * The frame just grabbed, as a reused view: the capture thread copies what it keeps before asking for
 * the next frame.
 */
public final class GrabbedFrame {
    /** The frame bytes from position to limit: a whole JPEG when {@link #jpeg}, else packed BGR24 pixels. */
    public ByteBuffer data;
    public boolean jpeg;
    public int width;
    public int height;
    /** Bytes per row of raw pixels (>= width * 3); unused for JPEG. */
    public int stride;
    /** System.nanoTime() at the moment the frame was handed to us. */
    public long receiveNanoTime;
    /**
     * The driver's timestamp of the frame in microseconds on the source's clock (for V4L2: the kernel's
     * CLOCK_MONOTONIC buffer time), or {@link Long#MIN_VALUE} when the source has none.
     */
    public long deviceTimestampUs = Long.MIN_VALUE;
}
