package drivetape.serial;

/**
 * Cuts the byte chunks a serial read returns into '\n'-terminated lines, without allocating.
 *
 * <p>A line lying wholly inside one chunk is handed on straight from the chunk; only a line split across
 * reads is copied, into one reused buffer. A line longer than {@link LineParser#MAX_LINE} bytes (not
 * counting a final '\r') is garbage by the protocol: it is reported once and everything up to the next
 * '\n' is dropped, so one runaway line cannot swallow the good lines after it.
 *
 * <p>Not thread-safe: one assembler per reader thread.
 */
public final class LineAssembler {
    /** Room for the longest line plus the '\r' of a "\r\n" line end. */
    private static final int CAPACITY = LineParser.MAX_LINE + 1;

    private final byte[] line = new byte[CAPACITY];
    private int lineLength;
    /** Dropping bytes up to the next '\n' (after an overlong line, or a first line caught halfway). */
    private boolean discarding;
    /** Still waiting for the very first byte, to decide whether the first line is a tail. */
    private boolean deciding;

    /**
     * @param discardFirstPartialLine whether the first bytes may be the tail of a line sent before the port
     *     was opened (a pty keeps what was written to it; a USB-serial bridge may hold a few bytes). Then the
     *     first line is dropped unless its first byte is a record marker ('$', '!', '#'): those bytes do not
     *     occur inside sample lines, so a first line starting with one is almost surely whole, and dropping
     *     it could lose the hello line.
     */
    public LineAssembler(boolean discardFirstPartialLine) {
        this.deciding = discardFirstPartialLine;
    }

    /** Forgets a partial line: the link was reopened, and its first line may again be a tail. */
    public void reset() {
        lineLength = 0;
        discarding = false;
        deciding = true;
    }

    /** Feeds {@code chunk[off, off+len)}: calls the handler for every line completed by these bytes. */
    public void accept(byte[] chunk, int off, int len, LineHandler handler) {
        int end = off + len;
        int i = off;
        if (deciding && i < end) {
            deciding = false;
            byte first = chunk[i];
            discarding = first != '$' && first != '!' && first != '#';
        }
        while (i < end) {
            int newline = indexOfNewline(chunk, i, end);
            if (discarding) {
                if (newline < 0) {
                    return;
                }
                discarding = false;
                i = newline + 1;
                continue;
            }
            if (newline < 0) {
                keepPartial(chunk, i, end - i, handler);
                return;
            }
            if (lineLength == 0) {
                deliver(chunk, i, newline - i, handler);
            } else {
                int total = lineLength + (newline - i);
                if (total > CAPACITY) {
                    handler.onOverlong();
                } else {
                    System.arraycopy(chunk, i, line, lineLength, newline - i);
                    deliver(line, 0, total, handler);
                }
                lineLength = 0;
            }
            i = newline + 1;
        }
    }

    private void keepPartial(byte[] chunk, int from, int count, LineHandler handler) {
        if (lineLength + count > CAPACITY) {
            handler.onOverlong();
            lineLength = 0;
            discarding = true;
            return;
        }
        System.arraycopy(chunk, from, line, lineLength, count);
        lineLength += count;
    }

    private static void deliver(byte[] buf, int off, int len, LineHandler handler) {
        int content = len > 0 && buf[off + len - 1] == '\r' ? len - 1 : len;
        if (content > LineParser.MAX_LINE) {
            handler.onOverlong();
        } else {
            handler.onLine(buf, off, len);
        }
    }

    private static int indexOfNewline(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
