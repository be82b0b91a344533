package drivetape.serial;

/**
 * Parses one protocol v1 line (see {@code protocol.md}) into a reused {@link ControlRecord}, allocating nothing.
 *
 * <p>Strict on purpose: a line is either used whole or rejected whole, so a corrupted line can never leak a
 * wrong value into a recording. {@link #badReason()} says why the last line was rejected.
 *
 * <p>What it fills in: {@code kind} always; for samples and events {@code seq} and {@code deviceUs} as the raw
 * unsigned 32-bit values (unwrapping is {@link ClockSegmentTracker}'s job); for samples {@code values} and
 * {@code valueCount}; for events {@code name} and {@code value} ({@code valueLength} -1 when absent); for
 * '#' lines the text after '#' in {@code name}, with {@code seq} and {@code deviceUs} set to -1.
 * After a BAD result the other fields hold leftovers and must not be used.
 *
 * <p>Not thread-safe: one parser per reader thread.
 */
public final class LineParser {
    /** Longest line in bytes, not counting the line end ("\n" or "\r\n"). */
    public static final int MAX_LINE = 120;

    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final long MAX_VALUE = Integer.MAX_VALUE;
    private static final int NO_DIGITS = -1;
    private static final int TOO_BIG = -2;

    private BadLineReason badReason = BadLineReason.NONE;
    /** Where {@link #readUnsigned} stopped: the first byte after the digits. */
    private int cursor;

    /** Why the last {@link #parse} returned {@link RecordKind#BAD}; {@link BadLineReason#NONE} otherwise. */
    public BadLineReason badReason() {
        return badReason;
    }

    /**
     * Parses {@code buf[off, off+len)}: one line without its '\n'. A single trailing '\r' is ignored.
     *
     * @return the kind of line, also stored in {@code out.kind}
     */
    public RecordKind parse(byte[] buf, int off, int len, ControlRecord out) {
        if (len > 0 && buf[off + len - 1] == '\r') {
            len--;
        }
        if (len == 0) {
            badReason = BadLineReason.NONE;
            out.kind = RecordKind.EMPTY;
            return RecordKind.EMPTY;
        }
        if (len > MAX_LINE) {
            return bad(out, BadLineReason.TOO_LONG);
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            // Java bytes are signed: anything >= 0x80 is negative and fails the first test.
            if (b < 0x20 || b > 0x7E) {
                return bad(out, BadLineReason.NOT_ASCII);
            }
        }
        switch (buf[off]) {
            case '$':
                return parseSample(buf, off, end, out);
            case '!':
                return parseEvent(buf, off, end, out);
            case '#':
                return parseInfo(buf, off, end, out);
            default:
                return bad(out, BadLineReason.UNKNOWN_START);
        }
    }

    private RecordKind parseSample(byte[] buf, int off, int end, ControlRecord out) {
        int star = checkFrame(buf, off, end);
        if (star < 0) {
            return bad(out, badReason);
        }
        int p = readSeqAndTime(buf, off + 1, star, out);
        if (p < 0) {
            return bad(out, badReason);
        }
        int count = 0;
        while (true) {
            if (count == ControlRecord.MAX_CHANNELS) {
                return bad(out, BadLineReason.TOO_MANY_VALUES);
            }
            long v = readUnsigned(buf, p, star, MAX_VALUE);
            if (v < 0) {
                return bad(out, v == TOO_BIG ? BadLineReason.OUT_OF_RANGE : BadLineReason.SYNTAX);
            }
            out.values[count++] = (int) v;
            if (cursor == star) {
                break;
            }
            if (buf[cursor] != ',') {
                return bad(out, BadLineReason.SYNTAX);
            }
            p = cursor + 1;
        }
        out.valueCount = count;
        out.nameLength = 0;
        out.valueLength = -1;
        return ok(out, RecordKind.SAMPLE);
    }

    private RecordKind parseEvent(byte[] buf, int off, int end, ControlRecord out) {
        int star = checkFrame(buf, off, end);
        if (star < 0) {
            return bad(out, badReason);
        }
        int nameStart = readSeqAndTime(buf, off + 1, star, out);
        if (nameStart < 0) {
            return bad(out, badReason);
        }
        int nameEnd = nameStart;
        while (nameEnd < star && buf[nameEnd] != ',') {
            if (buf[nameEnd] == '*') {
                return bad(out, BadLineReason.SYNTAX);
            }
            nameEnd++;
        }
        if (nameEnd == nameStart) {
            return bad(out, BadLineReason.SYNTAX);
        }
        if (nameEnd == star) {
            out.valueLength = -1;
        } else {
            // The value runs to the '*' and may itself hold commas.
            int valueStart = nameEnd + 1;
            if (valueStart == star) {
                return bad(out, BadLineReason.SYNTAX);
            }
            for (int i = valueStart; i < star; i++) {
                if (buf[i] == '*') {
                    return bad(out, BadLineReason.SYNTAX);
                }
            }
            out.valueLength = star - valueStart;
            System.arraycopy(buf, valueStart, out.value, 0, out.valueLength);
        }
        out.nameLength = nameEnd - nameStart;
        System.arraycopy(buf, nameStart, out.name, 0, out.nameLength);
        out.valueCount = 0;
        return ok(out, RecordKind.EVENT);
    }

    private RecordKind parseInfo(byte[] buf, int off, int end, ControlRecord out) {
        int textLength = end - off - 1;
        System.arraycopy(buf, off + 1, out.name, 0, textLength);
        out.nameLength = textLength;
        out.valueLength = -1;
        out.valueCount = 0;
        out.seq = -1;
        out.deviceUs = -1;
        return ok(out, startsWithHello(buf, off + 1, end) ? RecordKind.HELLO : RecordKind.INFO);
    }

    private static boolean startsWithHello(byte[] buf, int from, int end) {
        if (end - from < 6) {
            return false;
        }
        return buf[from] == 'h' && buf[from + 1] == 'e' && buf[from + 2] == 'l' && buf[from + 3] == 'l'
                && buf[from + 4] == 'o' && buf[from + 5] == ' ';
    }

    /**
     * Checks "...*HH" at the end and the checksum over the bytes between the marker and the '*'.
     *
     * @return the index of the '*', or -1 with {@link #badReason} set
     */
    private int checkFrame(byte[] buf, int off, int end) {
        int star = end - 3;
        if (star <= off || buf[star] != '*') {
            badReason = BadLineReason.SYNTAX;
            return -1;
        }
        int high = hexDigit(buf[end - 2]);
        int low = hexDigit(buf[end - 1]);
        if (high < 0 || low < 0) {
            badReason = BadLineReason.SYNTAX;
            return -1;
        }
        if (Checksum.xor(buf, off + 1, star) != ((high << 4) | low)) {
            badReason = BadLineReason.CHECKSUM;
            return -1;
        }
        return star;
    }

    /**
     * Reads "seq,t_us," into {@code out.seq} and {@code out.deviceUs}.
     *
     * @return the index after the comma that follows t_us, or -1 with {@link #badReason} set
     */
    private int readSeqAndTime(byte[] buf, int from, int star, ControlRecord out) {
        long seq = readUnsigned(buf, from, star, MAX_U32);
        if (seq < 0 || cursor == star || buf[cursor] != ',') {
            badReason = seq == TOO_BIG ? BadLineReason.OUT_OF_RANGE : BadLineReason.SYNTAX;
            return -1;
        }
        long us = readUnsigned(buf, cursor + 1, star, MAX_U32);
        if (us < 0 || cursor == star || buf[cursor] != ',') {
            badReason = us == TOO_BIG ? BadLineReason.OUT_OF_RANGE : BadLineReason.SYNTAX;
            return -1;
        }
        out.seq = seq;
        out.deviceUs = us;
        return cursor + 1;
    }

    /**
     * Reads decimal digits from {@code from} (stopping at the first non-digit or {@code limit}) and leaves
     * {@link #cursor} on the byte after them.
     *
     * @return the value, {@link #NO_DIGITS} for an empty field, {@link #TOO_BIG} when above {@code max}
     */
    private long readUnsigned(byte[] buf, int from, int limit, long max) {
        long value = 0;
        int i = from;
        boolean tooBig = false;
        while (i < limit) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            // Keep scanning after an overflow so the reason stays OUT_OF_RANGE rather than SYNTAX.
            if (!tooBig) {
                value = value * 10 + d;
                tooBig = value > max;
            }
            i++;
        }
        cursor = i;
        if (i == from) {
            return NO_DIGITS;
        }
        return tooBig ? TOO_BIG : value;
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    private RecordKind ok(ControlRecord out, RecordKind kind) {
        badReason = BadLineReason.NONE;
        out.kind = kind;
        return kind;
    }

    private RecordKind bad(ControlRecord out, BadLineReason reason) {
        badReason = reason;
        out.kind = RecordKind.BAD;
        return RecordKind.BAD;
    }
}
