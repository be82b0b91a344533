package drivetape.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the lines of one of the episode's CSV files, with fields parsed in place from a reused
 * buffer the file streams through (an hour of controls at 1000 Hz is 3.6 million rows, 270 MB: neither a
 * String per field nor the whole file in memory).
 *
 * <p>The recorder appends rows while recording, so a crash can leave the last line cut short. A last line
 * without its line break that does not parse is therefore skipped and reported by {@link #truncatedLastLine()};
 * any other bad line is an error naming the file and line. Empty lines are ignored, CRLF is accepted.
 */
public final class CsvLines implements Closeable {
    private static final int BUFFER_BYTES = 1 << 16;

    private final String name;
    private final InputStream in;
    private byte[] bytes = new byte[BUFFER_BYTES];
    private int limit;
    private boolean endOfFile;
    private final List<String> header;
    private int position;
    private int lineNumber;
    private int lineStart;
    private int lineEnd;
    private boolean lastLineUnterminated;
    private boolean truncatedLastLine;
    private int fieldCount;
    private int[] fieldStart = new int[16];
    private int[] fieldEnd = new int[16];

    private CsvLines(String name, InputStream in) throws IOException {
        this.name = name;
        this.in = in;
        if (!nextLine()) {
            throw new EpisodeReadException(name + " is empty: it should start with a header line");
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < fieldCount; i++) {
            fields.add(text(i));
        }
        this.header = List.copyOf(fields);
    }

    /** Opens {@code directory/fileName}, which must exist. */
    static CsvLines open(Path directory, String fileName) throws IOException {
        Path file = directory.resolve(fileName);
        InputStream in = null;
        try {
            in = Files.newInputStream(file);
            return new CsvLines(fileName, in);
        } catch (NoSuchFileException e) {
            throw new EpisodeReadException(directory + " is not an episode: it has no " + fileName);
        } catch (EpisodeReadException e) {
            closeQuietly(in);
            throw e;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new EpisodeReadException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            closeQuietly(in);
            throw new EpisodeReadException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // The failure being reported is the one that matters.
            }
        }
    }

    List<String> header() {
        return header;
    }

    /** Fails unless the header starts with the given columns (and has exactly that many when {@code exact}). */
    void requireHeader(List<String> columns, boolean exact) throws EpisodeReadException {
        boolean ok = header.size() >= columns.size() && header.subList(0, columns.size()).equals(columns)
                && (!exact || header.size() == columns.size());
        if (!ok) {
            throw new EpisodeReadException(name + " line 1: header is '" + String.join(",", header)
                    + "', expected '" + String.join(",", columns) + (exact ? "'" : ",...'"));
        }
    }

    /**
     * Moves to the next data line with exactly {@code expectedFields} fields.
     *
     * @return false at the end of the file (including a cut-short last line, see the class comment)
     */
    boolean next(int expectedFields) throws IOException {
        if (!nextLine()) {
            return false;
        }
        if (fieldCount != expectedFields) {
            if (lastLineUnterminated) {
                truncatedLastLine = true;
                return false;
            }
            throw error("expected " + expectedFields + " fields, found " + fieldCount);
        }
        return true;
    }

    /** The field as a whole number; {@code column} names it in the error. */
    long longField(int field, String column) throws EpisodeReadException {
        int at = fieldStart[field];
        int end = fieldEnd[field];
        boolean negative = at < end && bytes[at] == '-';
        if (negative) {
            at++;
        }
        if (at == end) {
            throw notANumber(field, column);
        }
        long value = 0;
        for (; at < end; at++) {
            int digit = bytes[at] - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                throw notANumber(field, column);
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** The field as a decimal number; {@code column} names it in the error. */
    double doubleField(int field, String column) throws EpisodeReadException {
        String text = new String(bytes, fieldStart[field], fieldEnd[field] - fieldStart[field],
                StandardCharsets.US_ASCII);
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw error(column + " is not a number: '" + text + "'");
    }

    String text(int field) {
        int start = fieldStart[field];
        int end = fieldEnd[field];
        if (end - start >= 2 && bytes[start] == '"' && bytes[end - 1] == '"') {
            return new String(bytes, start + 1, end - start - 2, StandardCharsets.UTF_8).replace("\"\"", "\"");
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    boolean truncatedLastLine() {
        return truncatedLastLine;
    }

    /** True on a last line without its line break: a row the recorder may not have finished writing. */
    boolean onUnterminatedLastLine() {
        return lastLineUnterminated;
    }

    /** Gives up on the current (last, unterminated) line as cut short. */
    void skipTruncatedLastLine() {
        truncatedLastLine = true;
    }

    /** Data lines in the file, counted without parsing them (for aligned.csv's row count). */
    public static long countDataLines(Path file) throws IOException {
        long lines = 0;
        boolean content = false;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines += content ? 1 : 0;
                        content = false;
                    } else if (b != '\r') {
                        content = true;
                    }
                }
            }
        }
        lines += content ? 1 : 0;
        return Math.max(0, lines - 1);
    }

    private EpisodeReadException notANumber(int field, String column) {
        return error(column + " is not a whole number: '" + text(field) + "'");
    }

    EpisodeReadException error(String what) {
        // Data lines are the file's lines: line 1 is the header.
        return new EpisodeReadException(name + " line " + lineNumber + ": " + what);
    }

    /** Splits the next non-empty line into fields, reading more of the file as needed. */
    private boolean nextLine() throws IOException {
        while (true) {
            int end = position;
            while (true) {
                while (end < limit && bytes[end] != '\n') {
                    end++;
                }
                if (end < limit || endOfFile) {
                    break;
                }
                // The line goes on past what is buffered: keep it, read more.
                int scanned = end - position;
                fill();
                end = position + scanned;
            }
            if (position >= limit && endOfFile) {
                return false;
            }
            lineStart = position;
            lastLineUnterminated = end >= limit;
            position = Math.min(end + 1, limit);
            lineNumber++;
            int stop = Math.min(end, limit);
            if (stop > lineStart && bytes[stop - 1] == '\r') {
                stop--;
            }
            lineEnd = stop;
            if (lineEnd > lineStart) {
                splitFields();
                return true;
            }
        }
    }

    /** Moves the unread part to the front and reads more behind it (growing the buffer for a long line). */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(bytes, position, bytes, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
        }
        int n = in.read(bytes, limit, bytes.length - limit);
        if (n < 0) {
            endOfFile = true;
        } else {
            limit += n;
        }
    }

    private void splitFields() {
        fieldCount = 0;
        int start = lineStart;
        boolean quoted = false;
        for (int i = lineStart; i <= lineEnd; i++) {
            if (i < lineEnd && bytes[i] == '"') {
                quoted = !quoted;
            } else if (i == lineEnd || (bytes[i] == ',' && !quoted)) {
                if (fieldCount == fieldStart.length) {
                    fieldStart = java.util.Arrays.copyOf(fieldStart, fieldCount * 2);
                    fieldEnd = java.util.Arrays.copyOf(fieldEnd, fieldCount * 2);
                }
                fieldStart[fieldCount] = start;
                fieldEnd[fieldCount] = i;
                fieldCount++;
                start = i + 1;
            }
        }
    }
}
