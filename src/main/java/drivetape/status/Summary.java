package drivetape.status;

import drivetape.episode.EpisodeFigures;
import drivetape.episode.EpisodeResult;
import drivetape.report.EpisodeReport;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The end-of-episode summary (what happened, the short form of the episode's report read back from the
 * files as any other tool would see them, the design note's sync quality line) and the end-of-session one.
 */
public final class Summary {
    private Summary() {
    }

    public static String of(EpisodeResult result) {
        EpisodeFigures t = result.figures();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Episode %s: %s (%s), %.1f s%n", result.directory(), t.status(),
                result.reason() == null ? "stopped" : result.reason(), t.durationS()));
        try {
            s.append(EpisodeReport.read(result.directory()).summary().stripTrailing()).append(System.lineSeparator());
        } catch (IOException | RuntimeException e) {
            // The report cannot read the episode back (a full disk, say): the figures in memory say enough.
            s.append(fromMemory(t));
        }
        if (t.problem() != null) {
            s.append("problem    ").append(t.problem()).append(System.lineSeparator());
        }
        s.append(t.sync().line());
        return s.toString();
    }

    /** The session's totals: episodes, minutes, frames, drops, recoveries. */
    public static String session(List<EpisodeResult> episodes, int recovered, double sessionS) {
        double seconds = 0;
        long frames = 0;
        long dropped = 0;
        long controls = 0;
        for (EpisodeResult r : episodes) {
            seconds += r.figures().durationS();
            frames += r.figures().frames().captured();
            dropped += r.figures().frames().dropped();
            controls += r.figures().controls().samples();
        }
        return String.format(Locale.ROOT, "Session: %d episode%s, %.1f min recorded in %.1f min; %d frames"
                        + " (%d dropped), %d control samples; %d recovered at start",
                episodes.size(), episodes.size() == 1 ? "" : "s", seconds / 60, sessionS / 60, frames, dropped,
                controls, recovered);
    }

    private static String fromMemory(EpisodeFigures t) {
        return String.format(Locale.ROOT,
                "controls   %d at %.1f Hz | events %d | bad lines %d | lost samples %d%n"
                        + "frames     %d at %.1f fps | written %d | dropped %d | write errors %d%n",
                t.controls().samples(), t.controlIntervals().rateHz(), t.controls().events(),
                t.controls().badLines(), t.controls().lostSamples(), t.frames().captured(),
                t.frameIntervals().rateHz(), t.frames().written(), t.frames().dropped(), t.frames().writeErrors());
    }
}
