package drivetape.sim;

import java.util.ArrayList;
import java.util.List;

/** An immutable copy of one scheduled line, for tests to collect and inspect. */
record GeneratedLine(ScheduledLine.Kind kind, String text, byte[] bytes, long measuredNanos, long deliveryNanos,
                     long seq, long deviceUs, boolean corrupt, int lostBefore) {

    static GeneratedLine of(ScheduledLine line) {
        return new GeneratedLine(line.kind, line.text(), line.copyBytes(), line.measuredNanos, line.deliveryNanos,
                line.seq, line.deviceUs, line.corrupt, line.lostBefore);
    }

    /** Every line whose delivery time is at most {@code untilNanos}, from a fresh schedule of {@code config}. */
    static List<GeneratedLine> until(SimConfig config, long untilNanos) {
        ControllerSchedule schedule = new ControllerSchedule(config);
        ScheduledLine slot = new ScheduledLine();
        List<GeneratedLine> lines = new ArrayList<>();
        while (true) {
            schedule.next(slot);
            if (slot.deliveryNanos > untilNanos) {
                return lines;
            }
            lines.add(of(slot));
        }
    }

    static byte[] concat(List<GeneratedLine> lines) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (GeneratedLine line : lines) {
            out.writeBytes(line.bytes());
        }
        return out.toByteArray();
    }
}
