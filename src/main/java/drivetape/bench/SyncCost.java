package drivetape.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What pushing the episode's files to the device costs ({@code SessionSettings.syncToDevice}: the frame
 * writers and the episode thread fsync what they wrote at least once a second), from one drivetape cell run
 * with it on, as {@code drivetape record} does, and again with it off in the same bench run.
 *
 * @param cell camera path, size and rate
 * @param onOverOff on / off: above 1 is what the sync costs
 */
public record SyncCost(String cell, Side on, Side off, Ratios onOverOff) {

    /** One run of the cell; {@code writeQueueMax} is where a writer blocked in fsync shows first. */
    public record Side(double cpuPct, double systemPct, long lostOrDropped, long writeQueueMax, double frameP50Ms,
                       double frameP99Ms) {
        static Side of(CellResult r) {
            return new Side(r.cpu().pctOfCore(), r.cpu().systemPct(), r.lostTotal(), r.frames().writeQueueMax(),
                    r.frame().toDiskMs().p50(), r.frame().toDiskMs().p99());
        }
    }

    /** CPU (all, and system time alone) and frame received -> on disk, sync on / off (0 when off is 0). */
    public record Ratios(double cpu, double system, double frameP50, double frameP99) {
        static Ratios of(Side on, Side off) {
            return new Ratios(BenchReport.div(on.cpuPct(), off.cpuPct()),
                    BenchReport.div(on.systemPct(), off.systemPct()),
                    BenchReport.div(on.frameP50Ms(), off.frameP50Ms()),
                    BenchReport.div(on.frameP99Ms(), off.frameP99Ms()));
        }
    }

    /** Every drivetape cell that ran with the sync off, beside the same cell with it on (both without problems). */
    static List<SyncCost> of(List<CellResult> cells) {
        List<SyncCost> costs = new ArrayList<>();
        for (CellResult off : cells) {
            if (off.cell().pipeline() != BenchCell.Pipeline.DRIVETAPE || off.cell().syncToDevice()
                    || off.problem() != null) {
                continue;
            }
            BenchReport.find(cells, BenchCell.Pipeline.DRIVETAPE, off.cell()).filter(on -> on.problem() == null)
                    .ifPresent(on -> {
                        Side a = Side.of(on);
                        Side b = Side.of(off);
                        costs.add(new SyncCost(on.cell().shape().replaceAll(" +", " ").trim(), a, b, Ratios.of(a, b)));
                    });
        }
        return costs;
    }

    static void print(List<SyncCost> costs, PrintStream out) {
        out.println("syncing to the device (fsync at least once a second): the same cell with sync on / off"
                + " (ratios: >1 is its cost)");
        out.println(String.format(Locale.ROOT, "%-26s %13s %6s  %11s %6s  %9s  %9s  %13s %6s  %13s %6s", "cell",
                "cpu% on/off", "ratio", "sys% on/off", "ratio", "lost+drop", "qmax", "frm50 on/off", "ratio",
                "frm99 on/off", "ratio"));
        for (SyncCost c : costs) {
            out.println(String.format(Locale.ROOT,
                    "%-26s %6.1f %6.1f %6.2f  %5.1f %5.1f %6.2f  %4d %4d  %4d %4d  %6.2f %6.2f %6.2f  "
                            + "%6.2f %6.2f %6.2f",
                    c.cell(), c.on().cpuPct(), c.off().cpuPct(), c.onOverOff().cpu(), c.on().systemPct(),
                    c.off().systemPct(), c.onOverOff().system(), c.on().lostOrDropped(), c.off().lostOrDropped(),
                    c.on().writeQueueMax(), c.off().writeQueueMax(),
                    c.on().frameP50Ms(), c.off().frameP50Ms(), c.onOverOff().frameP50(), c.on().frameP99Ms(),
                    c.off().frameP99Ms(), c.onOverOff().frameP99()));
        }
    }
}
