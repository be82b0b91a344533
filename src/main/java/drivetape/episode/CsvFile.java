package drivetape.episode;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only CSV file written row by row into a reused buffer and pushed to the OS on
 * {@link #flush()}, so a crash loses at most what was appended since the last flush. Numbers are
 * formatted without allocating. Used by one thread only (the episode writer).
 */
final class CsvFile implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path path;
    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final byte[] digits = new byte[20];
    private boolean rowStarted;
    private long rows;

    CsvFile(Path path, String header) throws IOException {
        this(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), header);
    }

    /** Rows into any channel (a file being replaced atomically, say); closing the file is the caller's. */
    CsvFile(Path path, WritableByteChannel channel, String header) throws IOException {
        this.path = path;
        this.channel = channel;
        byte[] headerBytes = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        buffer.put(headerBytes);
        flush();
    }

    Path path() {
        return path;
    }

    /** Data rows appended (the header not counted). */
    long rows() {
        return rows;
    }

    CsvFile add(long value) throws IOException {
        separate();
        if (value == Long.MIN_VALUE) {
            return addRaw(Long.toString(value));
        }
        ensure(digits.length + 1);
        if (value < 0) {
            buffer.put((byte) '-');
            value = -value;
        }
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value != 0);
        buffer.put(digits, at, digits.length - at);
        return this;
    }

    /** A decimal with three places (enough for microsecond values interpolated or ms offsets). */
    CsvFile addDecimal(double value) throws IOException {
        separate();
        return addRaw(String.format(java.util.Locale.ROOT, "%.3f", value));
    }

    CsvFile add(String text) throws IOException {
        separate();
        return addQuotedIfNeeded(text);
    }

    /** ASCII text bytes, quoted when they hold a comma, quote or line break. */
    CsvFile add(byte[] ascii, int offset, int length) throws IOException {
        separate();
        boolean quote = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = ascii[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            ensure(length);
            buffer.put(ascii, offset, length);
            return this;
        }
        return addQuotedIfNeeded(new String(ascii, offset, length, StandardCharsets.US_ASCII));
    }

    /** An empty field. */
    CsvFile addEmpty() throws IOException {
        separate();
        return this;
    }

    void endRow() throws IOException {
        ensure(1);
        buffer.put((byte) '\n');
        rowStarted = false;
        rows++;
    }

    /** Writes what was appended to the file (the OS page cache; survives a crash of this process). */
    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Pushes what was flushed to the device (fsync): it then survives a power cut. */
    void sync() throws IOException {
        if (channel instanceof FileChannel file) {
            file.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    private CsvFile addRaw(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ensure(bytes.length);
        buffer.put(bytes);
        return this;
    }

    private CsvFile addQuotedIfNeeded(String text) throws IOException {
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return addRaw(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
    }

    private void separate() throws IOException {
        if (rowStarted) {
            ensure(1);
            buffer.put((byte) ',');
        }
        rowStarted = true;
    }

    private void ensure(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        if (buffer.remaining() < bytes) {
            throw new IOException("CSV field of " + bytes + " bytes does not fit the row buffer");
        }
    }
}
