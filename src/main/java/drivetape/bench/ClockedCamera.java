package drivetape.bench;

import drivetape.camera.CameraException;
import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSource;
import drivetape.camera.GrabbedFrame;
import drivetape.timing.LatencyHistogram;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Wraps a real-time source and holds it to a camera's schedule: frame k is due at {@code first + k/fps}.
 * A replayed source never loses a frame (it delivers late ones at once), where a real camera overwrites
 * the frames nobody dequeued; so a pipeline that stalls its capture thread shows here as frames captured
 * short of the frames due, and as capture lag.
 *
 * <p>Also keeps each frame's receive time by index, for the frame-path latency, and tells when capture started
 * (the recorder's first call for a frame), where a cell's window begins. Allocation-free per frame.
 */
final class ClockedCamera implements FrameSource {
    /** Frames a camera holds for a late reader before it overwrites one. */
    static final int QUEUED_FRAMES = 2;

    private final FrameSource source;
    private final double fps;
    private final AtomicLongArray receiveTimes;
    private final LatencyHistogram lag = new LatencyHistogram();
    private final CountDownLatch captureStarted = new CountDownLatch(1);
    private long periodNs;
    private volatile long firstNanos;
    private volatile long delivered;

    ClockedCamera(FrameSource source, double fps, int maxFrames) {
        this.source = source;
        this.fps = fps;
        this.receiveTimes = new AtomicLongArray(maxFrames);
    }

    @Override
    public FrameFormat open() throws CameraException {
        FrameFormat format = source.open();
        periodNs = Math.round(1e9 / (format.fps() > 0 ? format.fps() : fps));
        return format;
    }

    @Override
    public boolean next(GrabbedFrame frame) throws CameraException {
        captureStarted.countDown();
        if (!source.next(frame)) {
            return false;
        }
        long k = delivered;
        if (k == 0) {
            firstNanos = frame.receiveNanoTime;
        }
        lag.accept(frame.receiveNanoTime - (firstNanos + k * periodNs));
        if (k < receiveTimes.length()) {
            receiveTimes.lazySet((int) k, frame.receiveNanoTime);
        }
        delivered = k + 1;
        return true;
    }

    @Override
    public void close() {
        source.close();
    }

    /** Waits until the recorder first asks for a frame; false when it did not within {@code millis}. */
    boolean awaitCaptureStart(long millis) throws InterruptedException {
        return captureStarted.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Frames handed on so far. */
    long delivered() {
        return delivered;
    }

    /**
     * Frames a camera would have produced from the first frame up to {@code nowNanos} that must have been
     * taken by now: a real camera queues a few buffers (V4L2 drivers four or more), so a frame is lost only
     * once capture falls more than {@link #QUEUED_FRAMES} frames behind, not when the window happens to
     * close while the latest one is on its way.
     */
    long dueBy(long nowNanos) {
        long first = firstNanos;
        return delivered == 0 ? 0 : Math.max(0, nowNanos - QUEUED_FRAMES * periodNs - first) / periodNs + 1;
    }

    /** System.nanoTime() of frame {@code index}'s arrival, or 0 when unknown. */
    long receiveNanos(long index) {
        return index >= 0 && index < receiveTimes.length() ? receiveTimes.get((int) index) : 0;
    }

    /** How late each frame was against the camera's schedule (read after capture has stopped). */
    LatencyHistogram lag() {
        return lag;
    }

    long firstFrameNanos() {
        return firstNanos;
    }
}
