package drivetape.serial;

/**
 * What a {@link ControlReader} has seen so far. Written only by the reader thread, readable from any thread
 * (status line, metadata); each value is current on its own, not a consistent snapshot of all of them.
 */
public final class ReaderCounters {
    // Single writer: a plain increment of a volatile is safe and makes the value visible to readers.
    private volatile long bytesRead;
    private volatile long lines;
    private volatile long samples;
    private volatile long events;
    private volatile long badLines;
    private volatile long lostRecords;
    private volatile long noiseLines;
    private volatile long resets;
    private volatile long ringFullWaits;
    private volatile Hello hello;
    private volatile long outages;

    /** Bytes read from the link. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Lines received: every '\n'-terminated line (overlong ones included) except empty ones. */
    public long lines() {
        return lines;
    }

    /** Samples handed on. */
    public long samples() {
        return samples;
    }

    /** Events handed on. */
    public long events() {
        return events;
    }

    /**
     * Lines dropped after the first valid record: bad syntax or checksum, overlong, non-ASCII, a repeated
     * seq, a sample whose value count differs from the hello's channels, an invalid hello.
     */
    public long badLines() {
        return badLines;
    }

    /** Records the firmware sent that never arrived whole, from the gaps in seq (not counted across resets). */
    public long lostRecords() {
        return lostRecords;
    }

    /** Unusable lines before the first valid record: boot noise, bootloader bytes; expected, not errors. */
    public long noiseLines() {
        return noiseLines;
    }

    /** Board resets seen: each starts a new clock segment. */
    public long resets() {
        return resets;
    }

    /** Times the reader found the hand-off ring full and had to wait for the consumer (nothing is dropped). */
    public long ringFullWaits() {
        return ringFullWaits;
    }

    /** Times the link went away (cable out, pty closed). */
    public long outages() {
        return outages;
    }

    void countOutage() {
        outages = outages + 1;
    }

    /** The last valid hello line seen, or null. */
    public Hello hello() {
        return hello;
    }

    void addBytesRead(long n) {
        bytesRead = bytesRead + n;
    }

    void countLine() {
        lines = lines + 1;
    }

    void countSample() {
        samples = samples + 1;
    }

    void countEvent() {
        events = events + 1;
    }

    void countBadLine() {
        badLines = badLines + 1;
    }

    void setLostRecords(long total) {
        lostRecords = total;
    }

    void countNoiseLine() {
        noiseLines = noiseLines + 1;
    }

    void setResets(long total) {
        resets = total;
    }

    void countRingFullWait() {
        ringFullWaits = ringFullWaits + 1;
    }

    void setHello(Hello latest) {
        hello = latest;
    }

    @Override
    public String toString() {
        return "bytes=" + bytesRead + " lines=" + lines + " samples=" + samples + " events=" + events
                + " bad=" + badLines + " lost=" + lostRecords + " noise=" + noiseLines + " resets=" + resets
                + " ringFullWaits=" + ringFullWaits;
    }
}
