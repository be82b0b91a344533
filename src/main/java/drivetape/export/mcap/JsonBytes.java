package drivetape.export.mcap;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * JSON text appended to a message's bytes, for the json channels: a message per control row is built from
 * pieces prepared once (quoted keys) and numbers, without a String per value. Also the JSON-schema pieces
 * Foxglove's conventions ask for (a time is {@code {"sec", "nsec"}}).
 */
final class JsonBytes {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SEC = ascii("{\"sec\":");
    private static final byte[] NSEC = ascii(",\"nsec\":");

    private JsonBytes() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code "text"} with JSON's escapes, as UTF-8. */
    static byte[] quoted(String text) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    /** {@code "key":} */
    static byte[] key(String name) {
        byte[] q = quoted(name);
        byte[] out = new byte[q.length + 1];
        System.arraycopy(q, 0, out, 0, q.length);
        out[q.length] = ':';
        return out;
    }

    static void number(RecordBuffer out, long value) {
        if (value == Long.MIN_VALUE) {
            out.bytes(ascii(Long.toString(value)));
            return;
        }
        if (value < 0) {
            out.u8('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        byte[] a = out.reserve(digits);
        for (int i = out.size() - 1; digits-- > 0; i--) {
            a[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** A finite double as text that reads back as the same double (whole numbers without ".0"). */
    static void number(RecordBuffer out, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            number(out, (long) value);
            return;
        }
        String text = Double.toString(value);
        for (int i = 0; i < text.length(); i++) {
            out.u8(text.charAt(i));
        }
    }

    /** {@code {"sec":S,"nsec":N}} for nanoseconds since the epoch. */
    static void time(RecordBuffer out, long ns) {
        out.bytes(SEC);
        number(out, Math.floorDiv(ns, 1_000_000_000L));
        out.bytes(NSEC);
        number(out, Math.floorMod(ns, 1_000_000_000L));
        out.u8('}');
    }

    /** The JSON schema of a time, as foxglove/schemas writes it. */
    static ObjectNode timeSchema(String description) {
        ObjectNode time = JSON.createObjectNode().put("type", "object").put("title", "time");
        ObjectNode properties = time.putObject("properties");
        properties.putObject("sec").put("type", "integer").put("minimum", 0);
        properties.putObject("nsec").put("type", "integer").put("minimum", 0).put("maximum", 999_999_999);
        time.put("description", description);
        return time;
    }

    static ObjectNode property(String type, String description) {
        return JSON.createObjectNode().put("type", type).put("description", description);
    }
}
