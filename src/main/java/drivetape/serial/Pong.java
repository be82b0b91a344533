package drivetape.serial;

/**
 * The board's answer to a ping: the event {@code !<seq>,<t_us>,pong,<n>}, where {@code t_us} is when the
 * board read the ping's newline (protocol.md, "Host to board"). Recognised in place, allocating nothing.
 */
public final class Pong {
    /** The event name, as on the wire. */
    public static final String NAME = "pong";
    private static final byte[] NAME_BYTES = {'p', 'o', 'n', 'g'};
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    private Pong() {
    }

    /** The ping number a record answers, or -1 when it is not a pong (or its number is not a u32). */
    public static long number(ControlRecord r) {
        if (r.kind != RecordKind.EVENT || r.nameLength != NAME_BYTES.length || r.valueLength <= 0
                || r.valueLength > 10) {
            return -1;
        }
        for (int i = 0; i < NAME_BYTES.length; i++) {
            if (r.name[i] != NAME_BYTES[i]) {
                return -1;
            }
        }
        long n = 0;
        for (int i = 0; i < r.valueLength; i++) {
            int d = r.value[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n * 10 + d;
        }
        return n <= MAX_U32 ? n : -1;
    }
}
