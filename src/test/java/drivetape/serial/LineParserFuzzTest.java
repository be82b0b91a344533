package drivetape.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random lines checked against a second, regex-based reading of protocol.md: the two must agree on
 * every line, so a rule the parser gets wrong shows up as a disagreement, with the line in the message.
 */
class LineParserFuzzTest {
    private static final Pattern SAMPLE = Pattern.compile("\\$(\\d+),(\\d+)((?:,\\d+)+)\\*([0-9A-Fa-f]{2})");
    private static final Pattern EVENT = Pattern.compile("!(\\d+),(\\d+),([^,*]+)(?:,([^*]+))?\\*([0-9A-Fa-f]{2})");
    private static final byte[] ALPHABET = "0123456789,,,,*$!#-+ abAF\r".getBytes(StandardCharsets.US_ASCII);

    private final LineParser parser = new LineParser();
    private final ControlRecord out = new ControlRecord();

    @Test
    void randomLinesAgreeWithTheReferenceReading() {
        Random random = new Random(20261124L);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] line = randomLine(random, i % 5);
            RecordKind kind = parser.parse(line, 0, line.length, out);
            String text = new String(line, StandardCharsets.ISO_8859_1);
            Expected expected = reference(text);
            assertThat(kind).as("line %s", escape(text)).isEqualTo(expected.kind);
            if (kind == RecordKind.SAMPLE || kind == RecordKind.EVENT) {
                accepted++;
                assertThat(out.seq).as("seq of %s", escape(text)).isEqualTo(expected.seq);
                assertThat(out.deviceUs).as("t_us of %s", escape(text)).isEqualTo(expected.us);
            }
            if (kind == RecordKind.SAMPLE) {
                assertThat(out.valueCount).isEqualTo(expected.values.length);
                for (int v = 0; v < out.valueCount; v++) {
                    assertThat(out.values[v]).isEqualTo(expected.values[v]);
                }
            }
            if (kind == RecordKind.EVENT) {
                assertThat(out.nameText()).isEqualTo(expected.name);
                assertThat(out.valueLength < 0 ? null : out.valueText()).isEqualTo(expected.value);
            }
        }
        // The generator must reach the accepting paths too, or the agreement above proves little.
        assertThat(accepted).isGreaterThan(10_000);
    }

    @Test
    void parsingAllocatesNothing() {
        byte[][] lines = {
            ProtocolLines.bytes(ProtocolLines.sample(4294967295L, 4294967295L, 1500, 1500, 2000)),
            ProtocolLines.bytes(ProtocolLines.event(12, 345, "failsafe", "1") + "\r"),
            ProtocolLines.bytes("#hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50"),
            ProtocolLines.bytes("$1,2,3*00"),
            ProtocolLines.bytes("garbage"),
            ProtocolLines.bytes(ProtocolLines.framed('$', "4294967296,1,2")),
        };
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            byte[] line = lines[i % lines.length];
            parser.parse(line, 0, line.length, out);
        }
        long before = threads.getThreadAllocatedBytes(id);
        long kinds = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] line = lines[i % lines.length];
            kinds += parser.parse(line, 0, line.length, out).ordinal();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(kinds).isPositive();
        assertThat(allocated).as("bytes allocated by 200k parses").isLessThan(4096);
    }

    /** Kinds of generated lines: mutated valid lines, well-framed random bodies, raw random bytes. */
    private static byte[] randomLine(Random random, int flavour) {
        switch (flavour) {
            case 0:
                return ProtocolLines.bytes(validLine(random));
            case 1:
                return mutate(random, ProtocolLines.bytes(validLine(random)));
            case 2: {
                // Random tokens with a correct checksum: only the field rules can reject these.
                StringBuilder body = new StringBuilder();
                int n = random.nextInt(40);
                for (int i = 0; i < n; i++) {
                    body.append((char) ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                String line = ProtocolLines.framed(random.nextBoolean() ? '$' : '!', body.toString());
                return ProtocolLines.bytes(random.nextInt(4) == 0 ? line.toLowerCase() : line);
            }
            case 3: {
                byte[] line = new byte[random.nextInt(130)];
                for (int i = 0; i < line.length; i++) {
                    line[i] = ALPHABET[random.nextInt(ALPHABET.length)];
                }
                return line;
            }
            default: {
                byte[] line = new byte[random.nextInt(140)];
                random.nextBytes(line);
                if (line.length > 0 && random.nextBoolean()) {
                    line[0] = (byte) "$!#".charAt(random.nextInt(3));
                }
                return line;
            }
        }
    }

    private static String validLine(Random random) {
        long seq = randomNumber(random);
        long us = randomNumber(random);
        if (random.nextInt(3) == 0) {
            String name = random.nextBoolean() ? "failsafe" : "led";
            return random.nextBoolean() ? ProtocolLines.event(seq, us, name)
                    : ProtocolLines.event(seq, us, name, Integer.toString(random.nextInt(2)));
        }
        int[] values = new int[1 + random.nextInt(18)];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(10) == 0 ? 0 : 1000 + random.nextInt(1000);
        }
        return ProtocolLines.sample(seq, us, values);
    }

    /** Mostly in range, sometimes right at or just past the 32-bit limit. */
    private static long randomNumber(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return 4294967295L;
            case 1:
                return 4294967296L;
            case 2:
                return random.nextInt(1000);
            default:
                return random.nextLong() & 0xFFFF_FFFFL;
        }
    }

    private static byte[] mutate(Random random, byte[] line) {
        byte[] copy = line.clone();
        int at = random.nextInt(copy.length);
        switch (random.nextInt(4)) {
            case 0:
                copy[at] ^= (byte) (1 << random.nextInt(8));
                return copy;
            case 1:
                copy[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                return copy;
            case 2: {
                byte[] shorter = new byte[copy.length - 1];
                System.arraycopy(copy, 0, shorter, 0, at);
                System.arraycopy(copy, at + 1, shorter, at, copy.length - at - 1);
                return shorter;
            }
            default: {
                byte[] longer = new byte[copy.length + 1];
                System.arraycopy(copy, 0, longer, 0, at);
                longer[at] = ALPHABET[random.nextInt(ALPHABET.length)];
                System.arraycopy(copy, at, longer, at + 1, copy.length - at);
                return longer;
            }
        }
    }

    private record Expected(RecordKind kind, long seq, long us, int[] values, String name, String value) {
        static Expected of(RecordKind kind) {
            return new Expected(kind, 0, 0, null, null, null);
        }
    }

    /** protocol.md read a second way: regular expressions and BigInteger-free range checks on strings. */
    private static Expected reference(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            return Expected.of(RecordKind.EMPTY);
        }
        if (line.length() > 120 || !line.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
            return Expected.of(RecordKind.BAD);
        }
        if (line.startsWith("#")) {
            return Expected.of(line.startsWith("#hello ") ? RecordKind.HELLO : RecordKind.INFO);
        }
        Matcher sample = SAMPLE.matcher(line);
        if (sample.matches()) {
            String[] fields = sample.group(3).substring(1).split(",");
            if (!checksumOk(line, sample.group(4)) || !fitsU32(sample.group(1)) || !fitsU32(sample.group(2))
                    || fields.length > ControlRecord.MAX_CHANNELS) {
                return Expected.of(RecordKind.BAD);
            }
            int[] values = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                if (!fits(fields[i], Integer.MAX_VALUE)) {
                    return Expected.of(RecordKind.BAD);
                }
                values[i] = Integer.parseInt(fields[i]);
            }
            return new Expected(RecordKind.SAMPLE, Long.parseLong(sample.group(1)), Long.parseLong(sample.group(2)),
                    values, null, null);
        }
        Matcher event = EVENT.matcher(line);
        if (event.matches()) {
            if (!checksumOk(line, event.group(5)) || !fitsU32(event.group(1)) || !fitsU32(event.group(2))) {
                return Expected.of(RecordKind.BAD);
            }
            return new Expected(RecordKind.EVENT, Long.parseLong(event.group(1)), Long.parseLong(event.group(2)),
                    null, event.group(3), event.group(4));
        }
        return Expected.of(RecordKind.BAD);
    }

    private static boolean checksumOk(String line, String hex) {
        return ProtocolLines.xor(line.substring(1, line.length() - 3)) == Integer.parseInt(hex, 16);
    }

    private static boolean fitsU32(String digits) {
        return fits(digits, 4294967295L);
    }

    private static boolean fits(String digits, long max) {
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        return trimmed.length() < 19 && Long.parseLong(trimmed) <= max;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return b.toString();
    }
}
