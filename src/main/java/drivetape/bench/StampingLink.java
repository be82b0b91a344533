package drivetape.bench;

import drivetape.serial.SerialLink;
import drivetape.timing.LatencyHistogram;
import java.io.IOException;

/**
 * Times a recorder's control path from outside, by decorating the controller's link: a read that returns
 * bytes is stamped as it returns, and the reader's next read marks the moment it is done with them. A reader
 * reads, then assembles, parses and hands on every line of what it read, and only then reads again (drivetape's
 * {@code ControlReader} publishes each record into the timeline's ring; the baseline puts each sample on its
 * queue), so the gap is bytes read -> every record in them handed on, for the last of them. Nothing inside
 * the recorder is hooked.
 *
 * <p>Called on the reader's thread only; allocation-free (one nanoTime and a histogram add per read).
 */
final class StampingLink implements SerialLink {
    private final SerialLink link;
    private final LatencyHistogram handOn = new LatencyHistogram();
    private volatile boolean measuring;
    /** When the last read that returned bytes returned, 0 when the last read returned none. */
    private long returnedNanos;

    StampingLink(SerialLink link) {
        this.link = link;
    }

    /** Counts from now on (the window's start: the first lines meet cold code). */
    void startMeasuring() {
        measuring = true;
    }

    /** Counts no more (the window's end). */
    void stopMeasuring() {
        measuring = false;
    }

    /** Bytes read -> the reader back for more, per read that returned bytes; read once the reader has stopped. */
    LatencyHistogram handOn() {
        return handOn;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        long entered = System.nanoTime();
        if (returnedNanos != 0) {
            if (measuring) {
                handOn.add(entered - returnedNanos);
            }
            returnedNanos = 0;
        }
        int n = link.read(buffer, offset, length);
        if (n > 0) {
            returnedNanos = System.nanoTime();
        }
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        link.write(buffer, offset, length);
    }

    @Override
    public String describe() {
        return link.describe();
    }

    @Override
    public void close() {
        link.close();
    }
}
