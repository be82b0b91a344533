package drivetape.sim;

import com.fazecast.jSerialComm.SerialPort;
import drivetape.serial.SerialException;
import drivetape.serial.SerialPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The simulated controller's end of a serial port or pty, both ways: {@link #output()} for what the board
 * sends, {@link #input()} for what the host writes to it. Opened through jSerialComm so that a real
 * USB-serial adapter (wired to another machine's recorder) works as well as a socat pty.
 *
 * <p>jSerialComm opens, configures (baud, 8N1, raw) and locks the port; the bytes go through two plain
 * blocking file descriptors on it. jSerialComm's own write retries EAGAIN in a tight loop, which would burn
 * a core whenever nobody drains the other end (a pty with no recorder attached, a USB CDC device on an idle
 * host); a blocking write(2) or read(2) just sleeps in the kernel, and closing the channel wakes it.
 * Closing either stream closes the port.
 */
public final class BoardPort implements AutoCloseable {
    // How long close() waits for sent bytes to leave a real port before jSerialComm's close flushes them.
    private static final long DRAIN_TIMEOUT_MS = 2000;
    // A pty reports nothing pending even while its peer has not read yet: give socat a moment.
    private static final long DRAIN_GRACE_MS = 50;

    private final SerialPort port;
    private final FileChannel writeChannel;
    private final FileChannel readChannel;
    private final String path;
    private final Output output = new Output();
    private final Input input = new Input();
    private volatile boolean writing;

    private BoardPort(SerialPort port, FileChannel writeChannel, FileChannel readChannel, String path) {
        this.port = port;
        this.writeChannel = writeChannel;
        this.readChannel = readChannel;
        this.path = path;
    }

    /**
     * Opens {@code path} at {@code baud}, 8N1, raw, with blocking reads and writes.
     *
     * @throws IOException with a one-line message that says what to do (missing, no permission, busy)
     */
    public static BoardPort open(String path, int baud) throws IOException {
        SerialPort port;
        try {
            // Blocking reads: the terminal returns from read(2) with the first byte (VMIN 1), not at once.
            port = SerialPorts.open(path, baud, SerialPort.TIMEOUT_READ_BLOCKING, 0);
        } catch (SerialException e) {
            throw new IOException(e.getMessage());
        }
        Path file = Path.of(path);
        FileChannel write = null;
        try {
            write = FileChannel.open(file, StandardOpenOption.WRITE);
            FileChannel read = FileChannel.open(file, StandardOpenOption.READ);
            return new BoardPort(port, write, read, path);
        } catch (IOException e) {
            if (write != null) {
                write.close();
            }
            port.closePort();
            throw new IOException("could not open " + path + " for reading and writing: " + e.getMessage());
        }
    }

    /** What the board sends. */
    public OutputStream output() {
        return output;
    }

    /** What the host writes to the board; a read blocks until a byte arrives and returns -1 once closed. */
    public InputStream input() {
        return input;
    }

    /**
     * Closes the port, first letting what was written leave it, since jSerialComm's close discards
     * pending output. A close that interrupts a stuck write (nobody drains the port) skips the wait.
     */
    @Override
    public synchronized void close() {
        if (!writing && writeChannel.isOpen()) {
            drain();
        }
        try {
            writeChannel.close(); // wakes a writer blocked in write(2)
        } catch (IOException e) {
            // Nothing to save: the port is closed next anyway.
        }
        try {
            readChannel.close(); // wakes a reader blocked in read(2)
        } catch (IOException e) {
            // As above.
        }
        if (port.isOpen()) {
            port.closePort();
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_MS * 1_000_000;
        try {
            while (port.bytesAwaitingWrite() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(DRAIN_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return path;
    }

    private final class Output extends OutputStream {
        // The runner writes from one reused array: wrap it once rather than per line.
        private byte[] wrappedArray;
        private ByteBuffer wrapped;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (bytes != wrappedArray) {
                wrappedArray = bytes;
                wrapped = ByteBuffer.wrap(bytes);
            }
            wrapped.limit(offset + length).position(offset);
            writing = true;
            try {
                while (wrapped.hasRemaining()) {
                    writeChannel.write(wrapped);
                }
            } catch (ClosedChannelException e) {
                throw e; // closed on purpose, by close() or an interrupt
            } catch (IOException e) {
                throw new IOException("writing to " + path + " failed (" + e.getMessage()
                        + "): the port was closed or unplugged", e);
            } finally {
                writing = false;
            }
        }

        @Override
        public void close() {
            BoardPort.this.close();
        }

        @Override
        public String toString() {
            return path;
        }
    }

    private final class Input extends InputStream {
        private byte[] wrappedArray;
        private ByteBuffer wrapped;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (bytes != wrappedArray) {
                wrappedArray = bytes;
                wrapped = ByteBuffer.wrap(bytes);
            }
            wrapped.limit(offset + length).position(offset);
            try {
                int n;
                do {
                    n = readChannel.read(wrapped);
                } while (n == 0 && length > 0);
                return n;
            } catch (ClosedChannelException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            BoardPort.this.close();
        }
    }
}
