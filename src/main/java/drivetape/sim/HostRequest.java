package drivetape.sim;

/**
 * Parses a line the host sent to the board ({@code ?ping,<n>}, {@code ?blink,<count>,<mean_ms>}) in place,
 * without allocating: {@link #parse} returns the kind and leaves the numbers in the fields.
 */
final class HostRequest {
    enum Kind { PING, BLINK, UNKNOWN }

    static final long MAX_BLINK_COUNT = 100_000;
    static final long MAX_BLINK_MEAN_MS = 60_000;
    private static final byte[] PING = "?ping,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] BLINK = "?blink,".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    long pingValue;
    long blinkCount;
    long blinkMeanMs;

    /** UNKNOWN for anything malformed or out of range (a ping above 2^32 - 1, a blink mean of 0 ms). */
    Kind parse(byte[] line, int length) {
        if (startsWith(line, length, PING)) {
            long n = number(line, PING.length, length);
            if (n >= 0 && n < SimConfig.U32) {
                pingValue = n;
                return Kind.PING;
            }
        } else if (startsWith(line, length, BLINK)) {
            int comma = indexOf(line, BLINK.length, length, (byte) ',');
            if (comma > 0) {
                long count = number(line, BLINK.length, comma);
                long mean = number(line, comma + 1, length);
                if (count >= 0 && count <= MAX_BLINK_COUNT && mean >= 1 && mean <= MAX_BLINK_MEAN_MS) {
                    blinkCount = count;
                    blinkMeanMs = mean;
                    return Kind.BLINK;
                }
            }
        }
        return Kind.UNKNOWN;
    }

    private static boolean startsWith(byte[] line, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] line, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The decimal in {@code [from, to)}: 1 to 10 digits, nothing else; -1 otherwise. */
    private static long number(byte[] line, int from, int to) {
        if (to <= from || to - from > 10) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }
}
