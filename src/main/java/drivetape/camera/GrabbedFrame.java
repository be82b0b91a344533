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
    /**
     * System.nanoTime() at the moment the frame was handed to us: when the read returned for a camera, when
     * the frame fell due for a replayed file.
     */
    public long receiveNanoTime;
    /**
     * The driver's timestamp of the frame in microseconds on the source's clock, or {@link Long#MIN_VALUE}
     * when the source has none. For V4L2 it is the kernel's buffer time on CLOCK_MONOTONIC, the clock
     * System.nanoTime() reads on Linux, so {@code deviceTimestampUs * 1000} and {@link #receiveNanoTime}
     * compare directly (uvcvideo stamps a frame when its first USB packet arrives). A stamp that is not on
     * that clock (a driver using another clock) is reported as MIN_VALUE rather than passed on.
     */
    public long deviceTimestampUs = Long.MIN_VALUE;
}
