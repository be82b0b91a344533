package drivetape.sim;

import com.fazecast.jSerialComm.SerialPort;
import drivetape.serial.SerialException;
import drivetape.serial.SerialPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a serial port or pty for the simulated controller to write to, through jSerialComm so that a real
 * USB-serial adapter (wired to another machine's recorder) works as well as a socat pty.
 */
public final class SerialPortOutput {
    // How long close() waits for sent bytes to leave a real port before jSerialComm's close flushes them.
    private static final long DRAIN_TIMEOUT_MS = 2000;
    // A pty reports nothing pending even while its peer has not read yet: give socat a moment.
    private static final long DRAIN_GRACE_MS = 50;

    private SerialPortOutput() {
    }

    /**
     * Opens {@code path} at {@code baud}, 8N1, raw, with blocking writes. Closing the stream closes the port.
     *
     * @throws IOException with a one-line message that says what to do (missing, no permission, busy)
     */
    public static OutputStream open(String path, int baud) throws IOException {
        SerialPort port;
        try {
            // jSerialComm opens, configures and locks the port; the writes go through the channel below.
            port = SerialPorts.open(path, baud, SerialPort.TIMEOUT_NONBLOCKING, 0);
        } catch (SerialException e) {
            throw new IOException(e.getMessage());
        }
        Path file = Path.of(path);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException e) {
            port.closePort();
            throw new IOException("could not open " + path + " for writing: " + e.getMessage());
        }
        return new PortStream(port, channel, path);
    }

    /**
     * Writes through a second, blocking file descriptor on the port jSerialComm opened, configured and
     * locked. jSerialComm's own write retries EAGAIN in a tight loop, which would burn a core whenever
     * nobody drains the other end (a pty with no recorder attached, a USB CDC device on an idle host); a
     * blocking write(2) just sleeps in the kernel, and closing the channel wakes it.
     */
    private static final class PortStream extends OutputStream {
        private final SerialPort port;
        private final FileChannel channel;
        private final String path;
        // The runner writes from one reused array: wrap it once rather than per line.
        private byte[] wrappedArray;
        private ByteBuffer wrapped;
        private volatile boolean writing;

        PortStream(SerialPort port, FileChannel channel, String path) {
            this.port = port;
            this.channel = channel;
            this.path = path;
        }

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
                    channel.write(wrapped);
                }
            } catch (java.nio.channels.ClosedChannelException e) {
                throw e; // closed on purpose, by close() or an interrupt
            } catch (IOException e) {
                throw new IOException("writing to " + path + " failed (" + e.getMessage()
                        + "): the port was closed or unplugged", e);
            } finally {
                writing = false;
            }
        }

        /**
         * Closes the port, first letting what was written leave it, since jSerialComm's close discards
         * pending output. A close that interrupts a stuck write (nobody drains the port) skips the wait.
         */
        @Override
        public synchronized void close() {
            if (!writing && channel.isOpen()) {
                drain();
            }
            try {
                channel.close(); // wakes a writer blocked in write(2)
            } catch (IOException e) {
                // Nothing to save: the port is closed next anyway.
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
    }
}
