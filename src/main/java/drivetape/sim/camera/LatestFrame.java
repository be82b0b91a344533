package drivetape.sim.camera;

/**
 * The newest encoded frame, from the camera's thread to any number of client threads. The lock is held only
 * to copy bytes in or out, never across I/O, so a slow client costs itself frames and never holds up the
 * camera: a client that comes back after missing some gets the newest.
 */
final class LatestFrame {
    private byte[] bytes = new byte[0];
    private int length;
    private long frame = -1;
    private boolean closed;

    /** A client's own copy of a frame, reused from frame to frame. */
    static final class Copy {
        byte[] bytes = new byte[0];
        int length;
        long frame = -1;
    }

    /** Camera thread: the newest frame is {@code src[0, srcLength)}, number {@code frameNumber}. */
    synchronized void publish(byte[] src, int srcLength, long frameNumber) {
        if (bytes.length < srcLength) {
            bytes = new byte[srcLength + srcLength / 4]; // grows a few times at most, then is reused
        }
        System.arraycopy(src, 0, bytes, 0, srcLength);
        length = srcLength;
        frame = frameNumber;
        notifyAll();
    }

    /**
     * Client thread: waits up to {@code timeoutMillis} for a frame newer than {@code into.frame} and copies
     * it; false on a timeout, or when closed with nothing newer (the last frame still goes out).
     */
    synchronized boolean awaitNewer(Copy into, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!closed && frame <= into.frame) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        if (frame <= into.frame) {
            return false;
        }
        if (into.bytes.length < length) {
            into.bytes = new byte[length + length / 4];
        }
        System.arraycopy(bytes, 0, into.bytes, 0, length);
        into.length = length;
        into.frame = frame;
        return true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
