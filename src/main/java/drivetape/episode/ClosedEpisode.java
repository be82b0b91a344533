package drivetape.episode;

import drivetape.timing.LatencyHistogram;
import java.util.List;

/**
 * An episode whose rows are all written and whose CSVs are closed, on its way to the finisher (times
 * refined, aligned.csv, final metadata, lock released).
 *
 * @param end how it ended (status, reason, end time, final clock mapping)
 * @param problem why it could not be written whole, or null
 */
record ClosedEpisode(EpisodeSpec spec, EpisodeFeed.End end, EpisodeSpec.Controller controller, ControlCounts controls, FrameCounts frames,
                     LatencyHistogram framePipelineLatency, ControlTable.Segments segments, List<Outage> outages,
                     String problem, EpisodeLock lock) {
}
