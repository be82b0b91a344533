package drivetape.serial;

import static drivetape.serial.ProtocolLines.bytes;
import static drivetape.serial.ProtocolLines.event;
import static drivetape.serial.ProtocolLines.framed;
import static drivetape.serial.ProtocolLines.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineParserTest {
    private final LineParser parser = new LineParser();
    private final ControlRecord out = new ControlRecord();

    private RecordKind parse(String line) {
        byte[] b = bytes(line);
        return parser.parse(b, 0, b.length, out);
    }

    @Test
    void sampleFillsRawSeqTimeAndValues() {
        assertThat(parse(sample(1, 1043216, 1500, 1500))).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.kind).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.seq).isEqualTo(1);
        assertThat(out.deviceUs).isEqualTo(1043216);
        assertThat(out.valueCount).isEqualTo(2);
        assertThat(out.values[0]).isEqualTo(1500);
        assertThat(out.values[1]).isEqualTo(1500);
        assertThat(out.valueLength).isEqualTo(-1);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.NONE);
    }

    @Test
    void exampleChecksumIsTheXorOfTheBody() {
        // "1,1043216,1500,1500" XORs to 0x2E (the protocol's example checksums are illustrative only).
        assertThat(parse("$1,1043216,1500,1500*2E")).isEqualTo(RecordKind.SAMPLE);
        assertThat(parse("$1,1043216,1500,1500*2e")).isEqualTo(RecordKind.SAMPLE);
        assertThat(parse("$1,1043216,1500,1500*3B")).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.CHECKSUM);
    }

    @Test
    void sampleAtTheLimits() {
        assertThat(parse(sample(4294967295L, 4294967295L, 0, Integer.MAX_VALUE))).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.seq).isEqualTo(4294967295L);
        assertThat(out.deviceUs).isEqualTo(4294967295L);
        assertThat(out.values[0]).isZero();
        assertThat(out.values[1]).isEqualTo(Integer.MAX_VALUE);

        assertThat(parse(sample(0, 0, 1000))).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.valueCount).isEqualTo(1);

        int[] sixteen = new int[ControlRecord.MAX_CHANNELS];
        for (int i = 0; i < sixteen.length; i++) {
            sixteen[i] = 1000 + i;
        }
        assertThat(parse(sample(7, 8, sixteen))).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.valueCount).isEqualTo(16);
        assertThat(out.values[15]).isEqualTo(1015);
    }

    @Test
    void eventWithAndWithoutValue() {
        assertThat(parse(event(3, 1070012, "failsafe", "1"))).isEqualTo(RecordKind.EVENT);
        assertThat(out.seq).isEqualTo(3);
        assertThat(out.deviceUs).isEqualTo(1070012);
        assertThat(out.nameText()).isEqualTo("failsafe");
        assertThat(out.valueText()).isEqualTo("1");
        assertThat(out.valueLength).isEqualTo(1);

        assertThat(parse(event(4, 1070013, "boot"))).isEqualTo(RecordKind.EVENT);
        assertThat(out.nameText()).isEqualTo("boot");
        assertThat(out.valueLength).isEqualTo(-1);

        // The value runs to the '*': it may hold commas and spaces.
        assertThat(parse(event(5, 6, "note", "a,b c"))).isEqualTo(RecordKind.EVENT);
        assertThat(out.nameText()).isEqualTo("note");
        assertThat(out.valueText()).isEqualTo("a,b c");
    }

    @Test
    void infoAndHelloKeepTheTextAfterTheHash() {
        assertThat(parse("#hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50")).isEqualTo(RecordKind.HELLO);
        assertThat(out.nameText()).isEqualTo("hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50");
        assertThat(out.seq).isEqualTo(-1);

        assertThat(parse("#calibrating * please wait")).isEqualTo(RecordKind.INFO);
        assertThat(out.nameText()).isEqualTo("calibrating * please wait");
        assertThat(parse("#hello")).isEqualTo(RecordKind.INFO);
        assertThat(parse("#helloworld")).isEqualTo(RecordKind.INFO);
        assertThat(parse("#")).isEqualTo(RecordKind.INFO);
        assertThat(out.nameLength).isZero();
    }

    @Test
    void emptyLinesAndCarriageReturn() {
        assertThat(parse("")).isEqualTo(RecordKind.EMPTY);
        assertThat(parse("\r")).isEqualTo(RecordKind.EMPTY);
        assertThat(parse(sample(1, 2, 3, 4) + "\r")).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.values[1]).isEqualTo(4);
        assertThat(parse("#info\r")).isEqualTo(RecordKind.INFO);
        assertThat(out.nameText()).isEqualTo("info");
        // Only one '\r' is a line end; anything else is a control character.
        assertThat(parse(sample(1, 2, 3, 4) + "\r\r")).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.NOT_ASCII);
        assertThat(parse("\r" + sample(1, 2, 3, 4))).isEqualTo(RecordKind.BAD);
    }

    @Test
    void lengthLimitIs120BytesNotCountingTheLineEnd() {
        String base = "#";
        String line120 = base + "x".repeat(119);
        assertThat(line120).hasSize(120);
        assertThat(parse(line120)).isEqualTo(RecordKind.INFO);
        assertThat(parse(line120 + "\r")).isEqualTo(RecordKind.INFO);
        assertThat(parse(line120 + "x")).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.TOO_LONG);

        String event120 = event(1, 2, "n", "v".repeat(120 - event(1, 2, "n", "").length()));
        assertThat(event120).hasSize(120);
        assertThat(parse(event120)).isEqualTo(RecordKind.EVENT);
        String event121 = event(1, 2, "n", "v".repeat(121 - event(1, 2, "n", "").length()));
        assertThat(event121).hasSize(121);
        assertThat(parse(event121)).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.TOO_LONG);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // checksum and framing
        "$1,2,1500,1500*00            | CHECKSUM",
        "$1,2,1500,1500               | SYNTAX",
        "$1,2,1500,1500*2             | SYNTAX",
        "$1,2,1500,1500*2FF           | SYNTAX",
        "$1,2,1500,1500*2G            | SYNTAX",
        "$1,2,1500,1500*2F0           | SYNTAX",
        "$1,2,1500,1500*2F*           | SYNTAX",
        "$1,2,1500,1500*2F x          | SYNTAX",
        "$*00                         | SYNTAX",
        "$                            | SYNTAX",
        "!                            | SYNTAX",
        // start byte
        "hello                        | UNKNOWN_START",
        "1,2,1500,1500*2F             | UNKNOWN_START",
        "\" $1,2,1500,1500*2F\"       | UNKNOWN_START",
    })
    void malformedFrames(String line, BadLineReason reason) {
        assertThat(parse(line)).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(reason);
        assertThat(out.kind).isEqualTo(RecordKind.BAD);
    }

    /** Bodies with a correct checksum, so only the field rules can reject them. */
    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "$ | 1,2                      | SYNTAX",
        "$ | 1,2,                     | SYNTAX",
        "$ | ,2,1500                  | SYNTAX",
        "$ | 1,,1500                  | SYNTAX",
        "$ | 1,2,1500,,1500           | SYNTAX",
        "$ | 1,2,1500,                | SYNTAX",
        "$ | -1,2,1500                | SYNTAX",
        "$ | +1,2,1500                | SYNTAX",
        "$ | 1,-2,1500                | SYNTAX",
        "$ | 1,2,-1500                | SYNTAX",
        "$ | 1,2,15x0                 | SYNTAX",
        "$ | 1,2,1500.5               | SYNTAX",
        "$ | 1,2, 1500                | SYNTAX",
        "$ | 1 ,2,1500                | SYNTAX",
        "$ | 0x1,2,1500               | SYNTAX",
        "$ | 1;2;1500                 | SYNTAX",
        "$ | 1,2,1500*1500            | SYNTAX",
        "$ | 4294967296,2,1500        | OUT_OF_RANGE",
        "$ | 1,4294967296,1500        | OUT_OF_RANGE",
        "$ | 99999999999999999999999,2,1 | OUT_OF_RANGE",
        "$ | 1,2,2147483648           | OUT_OF_RANGE",
        "$ | 1,2,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17 | TOO_MANY_VALUES",
        "! | 1,2                      | SYNTAX",
        "! | 1,2,                     | SYNTAX",
        "! | 1,2,,1                   | SYNTAX",
        "! | 1,2,failsafe,            | SYNTAX",
        "! | 1,2,fail*safe            | SYNTAX",
        "! | 1,2,failsafe,1*0         | SYNTAX",
        "! | -1,2,failsafe,1          | SYNTAX",
        "! | 1,4294967296,failsafe    | OUT_OF_RANGE",
        "! | x,2,failsafe             | SYNTAX",
    })
    void malformedFieldsWithAValidChecksum(char marker, String body, BadLineReason reason) {
        assertThat(parse(framed(marker, body))).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(reason);
    }

    @Test
    void nonAsciiAndControlBytesAreBad() {
        for (int b : new int[] {0x00, 0x07, 0x09, 0x1B, 0x1F, 0x7F, 0x80, 0xC3, 0xFF}) {
            String body = "1,2,1500," + (char) b + "1";
            assertThat(parse(framed('$', body))).as("byte 0x%02X", b).isEqualTo(RecordKind.BAD);
            assertThat(parser.badReason()).isEqualTo(BadLineReason.NOT_ASCII);
            assertThat(parse("#info " + (char) b)).as("info byte 0x%02X", b).isEqualTo(RecordKind.BAD);
        }
        byte[] utf8 = "#température".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(utf8, 0, utf8.length, out)).isEqualTo(RecordKind.BAD);
        assertThat(parser.badReason()).isEqualTo(BadLineReason.NOT_ASCII);
    }

    @Test
    void parsesInPlaceAtAnOffset() {
        byte[] chunk = bytes("xx" + sample(9, 10, 1100, 1900) + "\nyy");
        int len = sample(9, 10, 1100, 1900).length();
        assertThat(parser.parse(chunk, 2, len, out)).isEqualTo(RecordKind.SAMPLE);
        assertThat(out.seq).isEqualTo(9);
        assertThat(out.values[1]).isEqualTo(1900);
    }

    @Test
    void aGoodLineAfterABadOneClearsTheReason() {
        parse("$garbage");
        assertThat(parser.badReason()).isNotEqualTo(BadLineReason.NONE);
        parse(sample(1, 2, 3));
        assertThat(parser.badReason()).isEqualTo(BadLineReason.NONE);
    }
}
