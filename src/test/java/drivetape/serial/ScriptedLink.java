package drivetape.serial;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-process {@link SerialLink} that plays a fixed byte stream in chunks of a given size, without
 * allocating on the reading thread. The test releases bytes with {@link #releaseUpTo}, and can then make
 * the link end (-1) or fail (IOException) once everything released was read.
 */
final class ScriptedLink implements SerialLink {
    private final byte[] data;
    private final int chunkSize;
    private int position;
    private volatile int released;
    private volatile boolean gone;
    private volatile IOException failure;
    private volatile boolean closed;

    ScriptedLink(byte[] data, int chunkSize) {
        this.data = data;
        this.chunkSize = chunkSize;
    }

    void releaseUpTo(int end) {
        released = end;
    }

    void releaseAll() {
        released = data.length;
    }

    /** After the released bytes, read returns -1. */
    void goneAfterReleased() {
        gone = true;
    }

    void failAfterReleased(IOException e) {
        failure = e;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int available = released - position;
        if (available <= 0) {
            if (failure != null) {
                throw failure;
            }
            if (gone || closed) {
                return -1;
            }
            // Like a serial read timing out, but short so tests stay quick.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            return 0;
        }
        int n = Math.min(Math.min(available, length), chunkSize);
        System.arraycopy(data, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
        closed = true;
    }
}
