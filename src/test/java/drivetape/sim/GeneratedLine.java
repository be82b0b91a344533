package drivetape.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable copy of one scheduled line, for tests to collect and inspect. */
record GeneratedLine(ScheduledLine.Kind kind, String text, byte[] bytes, long measuredNanos, long uartStartNanos,
                     long uartEndNanos, long deliveryNanos, int[] pieceEnds, long[] pieceNanos, long seq,
                     long deviceUs, boolean corrupt, int lostBefore, String eventName, long eventValue,
                     int auxFlipMask, int[] values) {

    static GeneratedLine of(ScheduledLine line) {
        int[] ends = new int[line.pieceCount];
        long[] times = new long[line.pieceCount];
        for (int i = 0; i < line.pieceCount; i++) {
            ends[i] = line.pieceEnd(i);
            times[i] = line.pieceNanos(i);
        }
        return new GeneratedLine(line.kind, line.text(), line.copyBytes(), line.measuredNanos, line.uartStartNanos,
                line.uartEndNanos, line.deliveryNanos, ends, times, line.seq, line.deviceUs, line.corrupt,
                line.lostBefore, line.eventName, line.eventValue, line.auxFlipMask,
                Arrays.copyOf(line.values, line.channels.size()));
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

    static List<GeneratedLine> records(List<GeneratedLine> lines) {
        return lines.stream()
                .filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE || l.kind() == ScheduledLine.Kind.EVENT)
                .toList();
    }

    static byte[] concat(List<GeneratedLine> lines) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (GeneratedLine line : lines) {
            out.writeBytes(line.bytes());
        }
        return out.toByteArray();
    }

    boolean isEvent(String name) {
        return kind == ScheduledLine.Kind.EVENT && name.equals(eventName);
    }

    /** The number of bytes in piece i. */
    int pieceBytes(int i) {
        return pieceEnds[i] - (i == 0 ? 0 : pieceEnds[i - 1]);
    }

    @Override
    public String toString() {
        return kind + "@" + measuredNanos + "->" + deliveryNanos + "ns: " + text.stripTrailing();
    }
}
