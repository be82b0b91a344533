package drivetape.sim;

import drivetape.serial.SerialLink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A byte pipe from a simulated controller to a recorder in the same JVM, for machines without socat: the
 * simulator writes to {@link #controllerSide()}, the recorder reads {@link #hostSide()} like a serial port.
 *
 * <p>A small bounded ring: a writer that gets too far ahead blocks, as it would on a full UART buffer. The
 * lock guards only the copy in and out of the ring, never any I/O.
 */
public final class InProcessLink {
    /** How long a read waits for its first byte, like a serial port's read timeout. */
    public static final long READ_WAIT_MILLIS = 200;
    private static final int DEFAULT_CAPACITY = 8192;

    private final byte[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private int head;
    private int count;
    private boolean writerClosed;
    private boolean readerClosed;

    private final OutputStream controllerSide = new ControllerSide();
    private final SerialLink hostSide = new HostSide();

    public InProcessLink() {
        this(DEFAULT_CAPACITY);
    }

    public InProcessLink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** Where the simulator writes. Closing it ends the stream: the host reads what is left, then -1. */
    public OutputStream controllerSide() {
        return controllerSide;
    }

    /** Where the recorder reads. Closing it makes further writes fail, as unplugging a board would. */
    public SerialLink hostSide() {
        return hostSide;
    }

    private final class ControllerSide extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            lock.lock();
            try {
                awaitSpace();
                ring[(head + count) % ring.length] = (byte) b;
                count++;
                notEmpty.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            while (length > 0) {
                lock.lock();
                try {
                    awaitSpace();
                    int chunk = Math.min(length, ring.length - count);
                    int tail = (head + count) % ring.length;
                    int first = Math.min(chunk, ring.length - tail);
                    System.arraycopy(bytes, offset, ring, tail, first);
                    System.arraycopy(bytes, offset + first, ring, 0, chunk - first);
                    count += chunk;
                    offset += chunk;
                    length -= chunk;
                    notEmpty.signal();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Called holding the lock. */
        private void awaitSpace() throws IOException {
            while (true) {
                if (writerClosed) {
                    throw new IOException("in-process link: the controller side is closed");
                }
                if (readerClosed) {
                    throw new IOException("in-process link: the host side was closed");
                }
                if (count < ring.length) {
                    return;
                }
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the in-process link was full");
                }
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                writerClosed = true;
                notEmpty.signalAll();
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private final class HostSide implements SerialLink {
        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            lock.lock();
            try {
                long waitNanos = TimeUnit.MILLISECONDS.toNanos(READ_WAIT_MILLIS);
                while (count == 0) {
                    if (writerClosed || readerClosed) {
                        return -1;
                    }
                    if (waitNanos <= 0) {
                        return 0;
                    }
                    waitNanos = notEmpty.awaitNanos(waitNanos);
                }
                int n = Math.min(length, count);
                int first = Math.min(n, ring.length - head);
                System.arraycopy(ring, head, buffer, offset, first);
                System.arraycopy(ring, 0, buffer, offset + first, n - first);
                head = (head + n) % ring.length;
                count -= n;
                notFull.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the in-process link");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String describe() {
            return "in-process";
        }

        @Override
        public void close() {
            lock.lock();
            try {
                readerClosed = true;
                count = 0; // nobody will read it
                notFull.signalAll();
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
