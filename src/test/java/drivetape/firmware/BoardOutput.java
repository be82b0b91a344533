package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the firmware sent, read strictly by protocol v1: every line must be the hello, a sample or an event
 * with the right checksum, or the test fails. Written independently of the recorder's parser on purpose.
 */
final class BoardOutput {
    private static final Pattern SAMPLE = Pattern.compile("\\$(\\d+),(\\d+)((?:,\\d+)+)\\*([0-9A-Fa-f]{2})");
    private static final Pattern EVENT = Pattern.compile("!(\\d+),(\\d+),([A-Za-z0-9_]+)(?:,([^,*]*))?\\*([0-9A-Fa-f]{2})");

    record Sample(long seq, long tUs, int[] values) {
        int value(int channel) {
            return values[channel];
        }

        @Override
        public String toString() {
            return "$" + seq + "," + tUs + "," + java.util.Arrays.toString(values);
        }
    }

    record Event(long seq, long tUs, String name, String value) {
    }

    final String hello;
    final List<Sample> samples = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    /** seq of every $ and ! record, in the order sent. */
    final List<Long> seqs = new ArrayList<>();
    /** t_us of every $ and ! record, in the order sent. */
    final List<Long> times = new ArrayList<>();

    BoardOutput(String text) {
        assertThat(text).as("the firmware sent nothing").isNotEmpty();
        String[] lines = text.split("\n", -1);
        assertThat(lines[lines.length - 1]).as("a partial line is only allowed at the very end").doesNotContain("*");
        hello = lines[0];
        for (int i = 1; i < lines.length - 1; i++) {
            take(lines[i]);
        }
    }

    private void take(String line) {
        assertThat(line.length()).as("line length: %s", line).isLessThanOrEqualTo(120);
        Matcher m = SAMPLE.matcher(line);
        if (m.matches()) {
            checkChecksum(line, m.group(4));
            String[] parts = m.group(3).substring(1).split(",");
            int[] values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = Integer.parseInt(parts[i]);
            }
            long seq = Long.parseLong(m.group(1));
            long tUs = Long.parseLong(m.group(2));
            samples.add(new Sample(seq, tUs, values));
            seqs.add(seq);
            times.add(tUs);
            return;
        }
        m = EVENT.matcher(line);
        if (m.matches()) {
            checkChecksum(line, m.group(5));
            long seq = Long.parseLong(m.group(1));
            long tUs = Long.parseLong(m.group(2));
            events.add(new Event(seq, tUs, m.group(3), m.group(4)));
            seqs.add(seq);
            times.add(tUs);
            return;
        }
        throw new AssertionError("not a protocol v1 record: '" + line + "'");
    }

    private static void checkChecksum(String line, String hex) {
        int star = line.lastIndexOf('*');
        int xor = 0;
        for (int i = 1; i < star; i++) {
            xor ^= line.charAt(i);
        }
        assertThat(Integer.parseInt(hex, 16)).as("checksum of %s", line).isEqualTo(xor);
    }

    List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }
}
