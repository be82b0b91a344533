package drivetape.session;

import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSink;
import drivetape.camera.GrabbedFrame;
import drivetape.handoff.FrameArrival;
import drivetape.handoff.FramePool;
import drivetape.handoff.FrameSlot;
import drivetape.handoff.SpscRing;
import java.util.concurrent.locks.LockSupport;

/**
 * The camera thread's side of the hand-off to the timeline: copies each frame into a free buffer of the
 * pool and publishes it on the ring. Never waits: with no buffer free the frame goes on without its bytes
 * (its row will say dropped); only if the timeline is so far behind that the ring itself is full is a frame
 * lost before it has a row, and that is counted.
 */
final class CameraSink implements FrameSink {
    private final FramePool pool;
    private final SpscRing<FrameArrival> ring;
    private volatile long lostRingFull;

    CameraSink(FramePool pool, SpscRing<FrameArrival> ring) {
        this.pool = pool;
        this.ring = ring;
    }

    @Override
    public void onFrame(GrabbedFrame frame) {
        FrameArrival a = ring.claim();
        if (a == null) {
            lostRingFull = lostRingFull + 1;
            return;
        }
        FrameSlot slot = pool.take(frame.data.remaining());
        if (slot != null) {
            slot.data.clear();
            slot.data.put(frame.data.duplicate());
            slot.data.flip();
            slot.jpeg = frame.jpeg;
            slot.width = frame.width;
            slot.height = frame.height;
            slot.stride = frame.stride;
            slot.receiveNanoTime = frame.receiveNanoTime;
            slot.deviceTimestampUs = frame.deviceTimestampUs;
        }
        a.kind = FrameArrival.FRAME;
        a.slot = slot;
        a.receiveNanoTime = frame.receiveNanoTime;
        a.deviceTimestampUs = frame.deviceTimestampUs;
        a.message = null;
        ring.publish();
    }

    @Override
    public void onCameraLost(String why, long nanoTime) {
        marker(FrameArrival.CAMERA_LOST, nanoTime, why);
    }

    @Override
    public void onCameraBack(FrameFormat format, long nanoTime) {
        marker(FrameArrival.CAMERA_BACK, nanoTime, null);
    }

    @Override
    public void onEnd() {
        marker(FrameArrival.END, System.nanoTime(), null);
    }

    /** State changes are rare and must not be lost: wait for room. */
    private void marker(int kind, long nanoTime, String message) {
        FrameArrival a;
        while ((a = ring.claim()) == null) {
            LockSupport.parkNanos(1_000_000);
        }
        a.kind = kind;
        a.slot = null;
        a.receiveNanoTime = nanoTime;
        a.deviceTimestampUs = Long.MIN_VALUE;
        a.message = message;
        ring.publish();
    }

    /** Frames lost because the timeline was too far behind to take them (each one also a warning). */
    long lostRingFull() {
        return lostRingFull;
    }
}
