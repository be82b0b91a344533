package drivetape.live;

import java.util.List;

/**
 * What a session is doing, as a watcher sees it (immutable; the timeline publishes a new one when it changes
 * and once a second).
 *
 * @param recording an episode is being recorded
 * @param episodeId the episode being recorded, or null
 * @param episodeStartNs its start on the time base, or 0
 * @param controllerConnected the controller's port is open
 * @param cameraConnected the camera is open
 * @param episodes finished episodes of this session, oldest first
 * @param warnings what a person should know now (disk full, a device gone, the write queue growing)
 */
public record SessionState(boolean recording, String episodeId, long episodeStartNs, boolean controllerConnected,
                           boolean cameraConnected, Counts counts, long diskFreeBytes, List<String> episodes,
                           String lastSyncStatus, Double lastMaxOffsetMs, List<String> warnings) {

    public static final SessionState STARTING = new SessionState(false, null, 0, false, false,
            new Counts(0, 0, 0, 0, 0, 0, 0), -1, List.of(), null, null, List.of());

    public SessionState {
        episodes = List.copyOf(episodes);
        warnings = List.copyOf(warnings);
    }

    /**
     * The running episode's counts (zeros while waiting) and the session's.
     *
     * @param queueDepth frames waiting for a writer
     */
    public record Counts(long controls, long frames, long framesDropped, long queueDepth, long badLines,
                         long sessionEpisodes, long sessionFrames) {
    }
}
