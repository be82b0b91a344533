package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The simavr harness's --truth file (format: firmware/simavr/truth.c, firmware/README.md), read strictly:
 * {@code seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,sim_ns,anchor,detail}.
 */
final class HarnessTruth {
    static final String HEADER = "seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,sim_ns,anchor,detail";

    /** One row; a null number is an empty (unknown) field. */
    record Row(Long seq, String kind, Long deviceUs, Long trueMonoNs, Long trueEpochNs, boolean corrupt, Long simNs,
               String anchor, String detail) {
        boolean isRecord() {
            return kind.equals("sample") || kind.equals("event");
        }
    }

    final List<Row> rows = new ArrayList<>();

    HarnessTruth(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).as("truth file %s", file).isNotEmpty();
        assertThat(lines.get(0)).isEqualTo(HEADER);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(f).as("truth row '%s'", line).hasSize(9);
            rows.add(new Row(number(f[0]), f[1], number(f[2]), number(f[3]), number(f[4]), f[5].equals("1"),
                    number(f[6]), f[7], f[8]));
        }
    }

    private static Long number(String field) {
        return field.isEmpty() ? null : Long.parseLong(field);
    }

    /** The physical moments of one kind (rise, fall, led, rx), in order. */
    List<Row> moments(String kind) {
        return rows.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    /**
     * The pulses the harness drove, in the board's micros() (rise and fall rows paired per channel), so
     * they compare with t_us directly.
     */
    List<SimulatedBoard.Pulse> pulses() {
        List<SimulatedBoard.Pulse> pulses = new ArrayList<>();
        Row[] rise = new Row[3];
        for (Row r : rows) {
            if (r.kind().equals("rise") || r.kind().equals("fall")) {
                int channel = Integer.parseInt(r.detail());
                if (r.kind().equals("rise")) {
                    rise[channel] = r;
                } else if (rise[channel] != null) {
                    // The width from the simulated clock: micros() has 4 us steps.
                    int width = (int) Math.round((r.simNs() - rise[channel].simNs()) / 1000.0);
                    pulses.add(new SimulatedBoard.Pulse(channel, rise[channel].deviceUs(), r.deviceUs(), width));
                    rise[channel] = null;
                }
            }
        }
        return pulses;
    }

    /** The row of the record the board sent with this seq. */
    Row record(long seq) {
        return rows.stream().filter(r -> r.isRecord() && r.seq() == seq).findFirst()
                .orElseThrow(() -> new AssertionError("no truth row for record " + seq));
    }
}
