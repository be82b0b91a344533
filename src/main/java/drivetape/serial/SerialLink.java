package drivetape.serial;

import java.io.IOException;

/**
 * A byte stream from a controller: a real serial port, a pseudo-terminal, or an in-process pipe.
 * A real device, a replay and a simulator all plug into the reader through this.
 */
public interface SerialLink extends AutoCloseable {

    /**
     * Reads what has arrived, waiting at most a short, fixed time (a few hundred ms) for the first byte.
     *
     * @return the number of bytes read, 0 when nothing arrived in time, -1 when the link is gone for good
     *     (cable unplugged, pipe closed)
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Sends bytes to the board (host-to-board lines such as pings). Called from one thread, never the
     * reading one; may block for as long as the bytes take to leave.
     *
     * @throws IOException when the link cannot send (gone, or a link that only reads)
     */
    default void write(byte[] buffer, int offset, int length) throws IOException {
        throw new IOException(describe() + " cannot send to the board");
    }

    /** Where the bytes come from, for metadata and messages (a port path, "in-process"). */
    String describe();

    @Override
    void close();
}
