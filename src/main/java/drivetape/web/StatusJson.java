package drivetape.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.episode.EpisodeResult;
import drivetape.session.SessionCounts;
import drivetape.session.SessionStatus;
import java.util.List;

/** {@code /api/status}: the session as the live page shows it (and review mode's "no session"). */
final class StatusJson {
    private StatusJson() {
    }

    static ObjectNode of(ObjectMapper json, SessionStatus s) {
        ObjectNode o = json.createObjectNode();
        o.put("session", true);
        o.put("recording", s.recording());
        o.put("episode", s.episodeId());
        o.put("elapsed_s", round(s.episodeElapsedS()));
        o.put("session_elapsed_s", round(s.elapsedS()));
        ObjectNode channels = o.putObject("channels");
        for (int i = 0; i < s.channels().size() && i < s.values().length; i++) {
            channels.put(s.channels().get(i), s.values()[i]);
        }
        SessionCounts c = s.counts();
        ObjectNode counts = o.putObject("counts");
        counts.put("controls", c.controls());
        counts.put("frames", c.frames());
        counts.put("frames_dropped", c.framesDropped());
        counts.put("write_queue", c.queueDepth());
        counts.put("bad_lines", c.badLines());
        counts.put("session_episodes", c.sessionEpisodes());
        counts.put("session_frames", c.sessionFrames());
        o.putPOJO("warnings", s.warnings());
        o.put("disk_free_bytes", s.diskFreeBytes());
        o.put("controller_connected", s.controllerConnected());
        o.put("camera_connected", s.cameraConnected());
        List<EpisodeResult> done = s.episodes();
        if (done.isEmpty()) {
            o.putNull("last_episode");
        } else {
            EpisodeResult last = done.get(done.size() - 1);
            ObjectNode l = o.putObject("last_episode");
            l.put("id", last.directory().getFileName().toString());
            l.put("status", last.figures().status().value());
            l.put("duration_s", round(last.figures().durationS()));
            l.put("sync_status", last.figures().sync().status());
            l.put("max_offset_ms", round(last.figures().sync().maxOffsetMs()));
        }
        var ids = o.putArray("session_episodes");
        for (EpisodeResult r : done) {
            ids.add(r.directory().getFileName().toString());
        }
        return o;
    }

    /** Review mode, or a session still opening its devices: the same keys, nothing recording. */
    static ObjectNode noSession(ObjectMapper json, long diskFreeBytes, boolean opening) {
        ObjectNode o = json.createObjectNode();
        o.put("session", opening);
        if (opening) {
            o.put("opening", true);
        }
        o.put("recording", false);
        o.putNull("episode");
        o.put("elapsed_s", 0.0);
        o.putObject("channels");
        o.putObject("counts");
        o.putArray("warnings");
        o.put("disk_free_bytes", diskFreeBytes);
        o.putNull("last_episode");
        o.putArray("session_episodes");
        return o;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
