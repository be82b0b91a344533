package drivetape.status;

import drivetape.episode.EpisodeTally;
import java.nio.file.Path;
import java.util.Locale;

/** The end-of-episode summary: counts, measured against expected rates, drops, clock and sync quality. */
public final class Summary {
    private Summary() {
    }

    public static String of(Path episode, EpisodeTally t, String stopReason) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Episode %s: %s (%s), %.1f s%n", episode, t.status(),
                stopReason == null ? "stopped" : stopReason, t.durationS()));
        s.append(String.format(Locale.ROOT,
                "  controls %7d at %6.1f Hz (expected %s) | events %d | bad lines %d | lost samples %d%n",
                t.controls(), t.controlHz(), rate(t.expectedControlHz()), t.events(), t.badLines(),
                t.lostSamples()));
        s.append(String.format(Locale.ROOT,
                "  frames   %7d at %6.1f fps (expected %s) | written %d | dropped %d | write errors %d%n",
                t.frames(), t.frameHz(), rate(t.expectedFrameHz()), t.framesWritten(), t.framesDropped(),
                t.writeErrors()));
        if (t.framesDropped() > 0) {
            s.append(String.format(Locale.ROOT, "  drops: %d queue full, %d not written in time at the end, "
                    + "%d write errors%n", t.droppedQueueFull(), t.droppedShutdown(), t.writeErrors()));
        }
        s.append(String.format(Locale.ROOT, "  clock: device drift %.1f ppm, delivery delay p99 %.2f ms (%s)%n",
                t.clock().driftPpm(), t.clock().residualP99Ms(), t.clock().method()));
        if (t.channelsGuessed() && t.controls() > 0) {
            s.append("  note: no hello line was seen; channels named ").append(String.join(",", t.channels()))
                    .append(System.lineSeparator());
        }
        if (t.problem() != null) {
            s.append("  problem: ").append(t.problem()).append(System.lineSeparator());
        }
        s.append(t.syncQuality().line());
        return s.toString();
    }

    private static String rate(double hz) {
        return hz > 0 ? String.format(Locale.ROOT, "%.0f", hz) : "?";
    }
}
