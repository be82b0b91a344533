package drivetape.serial;

import drivetape.handoff.SpscRing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable copy of a published {@link ControlRecord}, for assertions. */
record Received(RecordKind kind, long seq, long deviceUs, long receiveNanoTime, int segment, List<Integer> values,
        String name, String value) {

    static Received of(ControlRecord r) {
        List<Integer> values = Arrays.stream(r.values, 0, r.valueCount).boxed().toList();
        return new Received(r.kind, r.seq, r.deviceUs, r.receiveNanoTime, r.segment, values, r.nameText(),
                r.valueLength < 0 ? null : r.valueText());
    }

    /** Takes every record published so far, leaving out the link markers. */
    static List<Received> drain(SpscRing<ControlRecord> ring) {
        return drainAll(ring).stream()
                .filter(r -> r.kind() != RecordKind.LINK_DOWN && r.kind() != RecordKind.LINK_UP).toList();
    }

    /** Takes everything published so far, link markers included. */
    static List<Received> drainAll(SpscRing<ControlRecord> ring) {
        List<Received> out = new ArrayList<>();
        for (ControlRecord r = ring.peek(); r != null; r = ring.peek()) {
            out.add(of(r));
            ring.release();
        }
        return out;
    }

    /** A short form for comparing whole sequences: "S seg=0 seq=1 us=100 [1500, 1500]". */
    String brief() {
        return switch (kind) {
            case SAMPLE -> "S seg=" + segment + " seq=" + seq + " us=" + deviceUs + " " + values;
            case EVENT -> "E seg=" + segment + " seq=" + seq + " us=" + deviceUs + " " + name + "=" + value;
            case HELLO -> "H seg=" + segment + " " + name;
            case INFO -> "I seg=" + segment + " " + name;
            default -> kind.toString();
        };
    }
}
