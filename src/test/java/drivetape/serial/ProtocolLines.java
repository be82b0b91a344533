package drivetape.serial;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Builds protocol v1 lines with correct checksums, computed here independently of {@link Checksum}. */
final class ProtocolLines {
    private ProtocolLines() {
    }

    static String sample(long seq, long us, int... values) {
        StringBuilder body = new StringBuilder().append(seq).append(',').append(us);
        for (int v : values) {
            body.append(',').append(v);
        }
        return framed('$', body.toString());
    }

    static String event(long seq, long us, String name) {
        return framed('!', seq + "," + us + "," + name);
    }

    static String event(long seq, long us, String name, String value) {
        return framed('!', seq + "," + us + "," + name + "," + value);
    }

    static String hello(String channels) {
        return "#hello proto=1 fw=1.0.0 channels=" + channels + " rate_hz=50";
    }

    /** marker + body + '*' + two upper-case hex digits of the XOR of body. */
    static String framed(char marker, String body) {
        return marker + body + "*" + String.format(Locale.ROOT, "%02X", xor(body));
    }

    static int xor(String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.ISO_8859_1)) {
            x ^= b & 0xFF;
        }
        return x;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
