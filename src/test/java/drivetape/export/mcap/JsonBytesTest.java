package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
    private final RecordBuffer out = new RecordBuffer(4);

    private String text() {
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void wholeNumbers() {
        for (long v : new long[] {0, 7, -7, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            JsonBytes.number(out, v);
            out.u8(' ');
        }
        assertThat(text()).isEqualTo("0 7 -7 1234567890123 9223372036854775807 -9223372036854775808 ");
    }

    @Test
    void decimalsReadBackAsTheSameDouble() {
        for (double v : new double[] {0.0, -1.0, 1.0, 0.532, -0.864, 1e-7}) {
            JsonBytes.number(out, v);
            out.u8(' ');
        }
        assertThat(text()).isEqualTo("0 -1 1 0.532 -0.864 1.0E-7 ");
    }

    @Test
    void timesAreSecondsAndNanoseconds() {
        JsonBytes.time(out, 1_700_000_000_123_456_789L);
        JsonBytes.time(out, 5);
        assertThat(text()).isEqualTo("{\"sec\":1700000000,\"nsec\":123456789}{\"sec\":0,\"nsec\":5}");
    }

    @Test
    void stringsAndKeysAreEscaped() {
        out.bytes(JsonBytes.key("a\"b")).bytes(JsonBytes.quoted("on, \"x\"\n\u00e9"));
        assertThat(text()).isEqualTo("\"a\\\"b\":\"on, \\\"x\\\"\\n\u00e9\"");
    }
}
