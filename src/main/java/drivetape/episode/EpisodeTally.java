package drivetape.episode;

import drivetape.align.AlignCounts;
import drivetape.timing.ClockFit;
import drivetape.timing.IntervalStats;
import drivetape.timing.LatencyHistogram;
import drivetape.timing.SyncQuality;
import java.util.List;

/**
 * The episode's figures at one moment: what metadata.json, the status line and the summary show.
 *
 * @param status "recording", "complete", "interrupted" or "recovered"
 * @param frames captured frames (every one has a frames.csv row)
 * @param framesDropped frames without a file: queue full, given up at shutdown, or failed to write
 * @param expectedControlHz the rate the controller announced in its hello line (0 if unknown)
 * @param framePipelineLatency receive_ns - t_ns of the frames so far
 * @param controlTimesRefined true once control t_ns were rewritten with the clock's final mapping
 * @param aligned what aligned.csv holds, once written at the end (null before, or if it failed)
 * @param alignProblem why aligned.csv could not be written, or null
 * @param framesBeforeStart frames the camera had buffered from before the episode began, not recorded
 */
public record EpisodeTally(String status, double durationS, long controls, long events, long frames,
                           long framesWritten, long framesDropped, long droppedQueueFull,
                           long droppedShutdown, long writeErrors, long badLines, long lostSamples,
                           long noiseLines, long boardResets, double controlHz, double frameHz,
                           double expectedControlHz, double expectedFrameHz, long framesBeforeStart, String hello,
                           List<String> channels, boolean channelsGuessed, ClockFit clock,
                           SyncQuality syncQuality, IntervalStats controlIntervals,
                           IntervalStats frameIntervals, LatencyHistogram framePipelineLatency,
                           boolean controlTimesRefined, AlignCounts aligned, String alignProblem,
                           String problem) {
}
