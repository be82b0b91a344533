package drivetape.session;

import drivetape.episode.EpisodeFeed;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeWriter;
import drivetape.episode.FrameCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * The session at one moment, for the status line and the web page: what is recording, the live values,
 * the counts, what needs attention. Each figure is current on its own (read from the threads that own them).
 *
 * @param elapsedS seconds since the session started
 * @param episodeElapsedS seconds the current episode has recorded, 0 when waiting
 * @param channels the channel names, in order, with {@code values} their latest pulse widths (0 = no signal)
 * @param episodesStarted episodes started in this session
 * @param episodes the finished ones
 */
public record SessionStatus(double elapsedS, boolean recording, String episodeId, double episodeElapsedS,
                            List<String> channels, int[] values, SessionCounts counts,
                            int episodesStarted, List<EpisodeResult> episodes, boolean controllerConnected,
                            boolean cameraConnected, long diskFreeBytes, List<String> warnings) {

    static SessionStatus of(Session s, long nowNanos) {
        Router router = s.router();
        EpisodeFeed feed = router == null ? null : router.currentFeed();
        EpisodeWriter writer = feed == null ? null : feed.writer();
        double episodeElapsed = 0;
        long controls = 0;
        long frames = 0;
        long dropped = 0;
        if (feed != null) {
            episodeElapsed = Math.max(0, (s.timeBase().toEpochNs(nowNanos) - router.currentStartNs()) / 1e9);
            frames = feed.frames();
            if (writer != null) {
                FrameCounts f = writer.frameCountsNow();
                controls = writer.samplesNow();
                dropped = f.dropped();
            }
        }
        List<EpisodeResult> finished = s.episodes() == null ? List.of() : s.episodes().finished();
        long sessionFrames = 0;
        for (EpisodeResult r : finished) {
            sessionFrames += r.figures().frames().captured();
        }
        long badLines = s.controllerCounts().badLines();
        int queue = s.writers() == null ? 0 : s.writers().depth();
        List<String> warnings = new ArrayList<>();
        DiskSpace disk = s.disk();
        if (disk != null && disk.blocked()) {
            warnings.add(disk.blockedBy() + ": waiting for room on the disk");
        }
        boolean controllerUp = router == null || router.controllerUp();
        boolean cameraUp = router == null || router.cameraUp();
        if (!controllerUp) {
            warnings.add("controller gone: " + (s.reader().lastProblem() == null ? "looking for it"
                    : s.reader().lastProblem()));
        }
        if (!cameraUp) {
            warnings.add("camera gone: looking for it");
        }
        long lost = s.cameraSink().lostRingFull();
        if (lost > 0) {
            warnings.add(lost + " frame(s) lost before they had a row: the timeline fell behind the camera");
        }
        return new SessionStatus((nowNanos - s.timeBase().monotonicNsAtStart()) / 1e9, feed != null,
                feed == null ? null : feed.spec().episodeId(), episodeElapsed, s.live().channelNames(),
                s.live().latestValues(),
                new SessionCounts(controls, frames, dropped, queue, badLines, finished.size(), sessionFrames),
                s.episodes() == null ? 0 : s.episodes().started(), finished, controllerUp, cameraUp,
                disk == null ? -1 : disk.freeBytes(), warnings);
    }
}
