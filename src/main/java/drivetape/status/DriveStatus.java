package drivetape.status;

import drivetape.session.SessionStatus;
import java.util.List;
import java.util.Locale;

/** The once-a-second line of a drive session: time, episodes, recording or waiting, live values, counts. */
public final class DriveStatus {
    private DriveStatus() {
    }

    public static String line(SessionStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%6ds | episodes %d | ", (long) s.elapsedS(), s.episodesStarted()));
        if (s.recording()) {
            b.append(String.format(Locale.ROOT, "REC %s %.1fs", s.episodeId(), s.episodeElapsedS()));
        } else {
            b.append("waiting");
        }
        List<String> channels = s.channels();
        int[] values = s.values();
        for (int i = 0; i < channels.size() && i < values.length; i++) {
            b.append(i == 0 ? " | " : " ").append(channels.get(i)).append(' ').append(values[i]);
        }
        if (s.recording()) {
            b.append(String.format(Locale.ROOT, " | controls %d | frames %d | queue %d | dropped %d",
                    s.counts().controls(), s.counts().frames(), s.counts().queueDepth(), s.counts().framesDropped()));
        }
        if (!s.controllerConnected()) {
            b.append(" | CONTROLLER GONE");
        }
        if (!s.cameraConnected()) {
            b.append(" | CAMERA GONE");
        }
        if (s.diskFreeBytes() >= 0) {
            b.append(String.format(Locale.ROOT, " | disk %.1f GB free", s.diskFreeBytes() / 1e9));
        }
        return b.toString();
    }
}
