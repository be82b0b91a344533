package drivetape.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a schedule the way {@link ControllerRunner} does, on a virtual clock: a line is taken once its
 * measurement moment has come, and host writes given with the moment the simulator read them go through
 * the {@link Downlink} to the schedule first when they were read by then.
 */
final class VirtualRun {
    /** The host's bytes, as the simulator read them at {@code readNanos}. */
    record HostWrite(long readNanos, String text) {
    }

    final ControllerSchedule schedule;
    final List<GeneratedLine> lines = new ArrayList<>();
    final List<Long> boardReadNanos = new ArrayList<>();
    final List<Boolean> acted = new ArrayList<>();

    private VirtualRun(SimConfig config) {
        this.schedule = new ControllerSchedule(config);
    }

    /** Every line measured up to {@code untilNanos}, with the host writes (in order of readNanos) fed in. */
    static VirtualRun of(SimConfig config, long untilNanos, HostWrite... writes) {
        VirtualRun run = new VirtualRun(config);
        Downlink downlink = new Downlink(config.link());
        ScheduledLine slot = new ScheduledLine();
        int next = 0;
        while (true) {
            long commit = run.schedule.peekMeasuredNanos();
            if (next < writes.length && writes[next].readNanos() <= commit) {
                byte[] bytes = writes[next].text().getBytes(StandardCharsets.ISO_8859_1);
                downlink.accept(bytes, 0, bytes.length, writes[next].readNanos(), (line, length, boardNanos) -> {
                    run.boardReadNanos.add(boardNanos);
                    run.acted.add(run.schedule.hostLine(line, length, boardNanos));
                });
                next++;
                continue;
            }
            if (commit > untilNanos) {
                return run;
            }
            run.schedule.next(slot);
            run.lines.add(GeneratedLine.of(slot));
        }
    }

    List<GeneratedLine> records() {
        return GeneratedLine.records(lines);
    }

    List<GeneratedLine> events(String name) {
        return lines.stream().filter(l -> l.isEvent(name)).toList();
    }
}
