package drivetape.episode;

import drivetape.align.AlignCounts;
import drivetape.format.EpisodeStatus;
import drivetape.timing.ClockFit;
import drivetape.timing.IntervalStats;
import drivetape.timing.LatencyHistogram;
import drivetape.timing.SyncQuality;
import java.util.List;

/**
 * The episode's figures at one moment: what metadata.json, the status line and the summary show. Built live
 * while recording (from streaming statistics) and once more at the end from the finished files.
 *
 * @param durationS seconds from the episode's start to now (or to its end)
 * @param controller the controller as the episode saw it (its hello may come after the episode began)
 * @param controlIntervals intervals between consecutive control samples
 * @param frameIntervals intervals between consecutive frames
 * @param clock the clock fit, and whether control times were rewritten with the final mapping
 * @param framePipelineLatency receive_ns - t_ns of the frames (null when not known, e.g. after a recovery)
 * @param aligned what aligned.csv holds (null before it is written)
 * @param problem why the episode cannot go on or was cut short, or null
 */
public record EpisodeFigures(EpisodeStatus status, double durationS, EpisodeSpec.Controller controller,
                             ControlCounts controls, FrameCounts frames,
                             IntervalStats controlIntervals, IntervalStats frameIntervals, SyncQuality sync,
                             Clock clock, LatencyHistogram framePipelineLatency, Aligned aligned,
                             List<Outage> outages, String problem, Recovered recovered) {

    public EpisodeFigures {
        outages = List.copyOf(outages);
    }

    /**
     * @param timesRefined control t_ns were rewritten with the clock's final mapping at the end
     * @param lateLines control rows read more than {@link ClockFit#LATE_LINE_NS} after their final t_ns (see
     *                  {@link drivetape.dataset.EpisodeTimes#lateControls()}), or null while recording
     */
    public record Clock(ClockFit fit, boolean timesRefined, Long lateLines) {
    }

    /**
     * What a recovery found and mended in an episode a crash left behind.
     *
     * @param at when it was recovered (ISO 8601, UTC)
     * @param cutLines CSV lines cut short by the crash, dropped
     * @param brokenFrames frames.csv rows whose file was missing or not a whole JPEG (now bytes 0)
     * @param partFiles half-written frame files (.part) removed
     * @param orphanFrames frame files with no row in frames.csv (written after the last row reached the disk)
     */
    public record Recovered(String at, int cutLines, int brokenFrames, int partFiles, int orphanFrames) {
    }

    /** aligned.csv's counts, or why it could not be written. */
    public record Aligned(AlignCounts counts, String problem) {
    }
}
