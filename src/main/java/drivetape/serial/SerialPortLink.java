package drivetape.serial;

import com.fazecast.jSerialComm.SerialPort;

/**
 * A real serial port (or a pty) opened by path through jSerialComm.
 *
 * <p>Reads are semi-blocking with a short timeout: a fully blocking read would wait for a whole buffer,
 * and the event-listener mode showed a worse latency tail.
 */
public final class SerialPortLink implements SerialLink {
    /** How long a read waits for the first byte. jSerialComm rounds it to tenths of a second (termios VTIME). */
    static final int READ_TIMEOUT_MS = 200;

    private final SerialPort port;
    private final String path;
    private volatile boolean closed;

    private SerialPortLink(SerialPort port, String path) {
        this.port = port;
        this.path = path;
    }

    /**
     * Opens {@code path} at {@code baud}, 8N1, no flow control, with semi-blocking reads.
     *
     * @throws SerialException with a one-line message saying what to do (see {@link SerialPorts#open})
     */
    public static SerialPortLink open(String path, int baud) throws SerialException {
        SerialPort port = SerialPorts.open(path, baud, SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_TIMEOUT_MS);
        return new SerialPortLink(port, path);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns -1 for good once the device is gone: jSerialComm then fails every read at once (EIO after a
     * USB unplug or after the far side of a pty closed), so a caller that stops on -1 never spins.
     */
    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (closed) {
            return -1;
        }
        // Note jSerialComm's argument order: (buffer, bytesToRead, offset).
        int n = port.readBytes(buffer, length, offset);
        return n < 0 ? -1 : n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws java.io.IOException {
        if (closed) {
            throw new java.io.IOException(path + " is closed");
        }
        int done = 0;
        while (done < length) {
            int n = port.writeBytes(buffer, length - done, offset + done);
            if (n < 0) {
                throw new java.io.IOException("cannot write to " + path + " (unplugged?)");
            }
            done += n;
        }
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            port.closePort();
        }
    }
}
