package drivetape.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the lines of one of the episode's CSV files, with fields parsed in place from the file's bytes
 * (an hour of controls is ~180k rows: no String per field).
 *
 * <p>The recorder appends rows while recording, so a crash can leave the last line cut short. A last line
 * without its line break that does not parse is therefore skipped and reported by {@link #truncatedLastLine()};
 * any other bad line is an error naming the file and line. Empty lines are ignored, CRLF is accepted.
 */
public final class CsvLines {
    private final String name;
    private final byte[] bytes;
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

    private CsvLines(String name, byte[] bytes) throws EpisodeReadException {
        this.name = name;
        this.bytes = bytes;
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
        try {
            return new CsvLines(fileName, Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new EpisodeReadException(directory + " is not an episode: it has no " + fileName);
        } catch (EpisodeReadException e) {
            throw e;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new EpisodeReadException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new EpisodeReadException("cannot read " + file + ": " + e.getMessage());
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
    boolean next(int expectedFields) throws EpisodeReadException {
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
        byte[] bytes = Files.readAllBytes(file);
        long lines = 0;
        boolean content = false;
        for (byte b : bytes) {
            if (b == '\n') {
                lines += content ? 1 : 0;
                content = false;
            } else if (b != '\r') {
                content = true;
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

    /** Splits the next non-empty line into fields. */
    private boolean nextLine() {
        while (position < bytes.length) {
            lineStart = position;
            int end = lineStart;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lastLineUnterminated = end == bytes.length;
            position = end + 1;
            lineNumber++;
            if (end > lineStart && bytes[end - 1] == '\r') {
                end--;
            }
            lineEnd = end;
            if (lineEnd > lineStart) {
                splitFields();
                return true;
            }
        }
        return false;
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
