package drivetape.status;

import drivetape.dataset.Episode;
import drivetape.episode.EpisodeTally;
import drivetape.report.EpisodeReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The end-of-episode summary: what happened, the short form of the episode's report (read back from the
 * files, as any other tool would see them), and the design note's sync quality line.
 */
public final class Summary {
    private Summary() {
    }

    public static String of(Path episode, EpisodeTally t, String stopReason) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Episode %s: %s (%s), %.1f s%n", episode, t.status(),
                stopReason == null ? "stopped" : stopReason, t.durationS()));
        try {
            s.append(EpisodeReport.read(episode).summary().stripTrailing()).append(System.lineSeparator());
        } catch (IOException | RuntimeException e) {
            // The report cannot read the episode back (a full disk, say): the figures in memory say enough.
            s.append(fromMemory(t));
        }
        if (t.channelsGuessed() && t.controls() > 0) {
            s.append("note       no hello line was seen; channels named ").append(String.join(",", t.channels()))
                    .append(System.lineSeparator());
        }
        if (t.problem() != null) {
            s.append("problem    ").append(t.problem()).append(System.lineSeparator());
        }
        s.append(t.syncQuality().line());
        return s.toString();
    }

    private static String fromMemory(EpisodeTally t) {
        return String.format(Locale.ROOT,
                "controls   %d at %.1f Hz | events %d | bad lines %d | lost samples %d%n"
                        + "frames     %d at %.1f fps | written %d | dropped %d | write errors %d%n",
                t.controls(), t.controlHz(), t.events(), t.badLines(), t.lostSamples(), t.frames(), t.frameHz(),
                t.framesWritten(), t.framesDropped(), t.writeErrors());
    }
}
