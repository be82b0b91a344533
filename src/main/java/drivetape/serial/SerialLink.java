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

    /** Where the bytes come from, for metadata and messages (a port path, "in-process"). */
    String describe();

    @Override
    void close();
}
