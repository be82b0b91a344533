package drivetape.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Episode ids: {@code YYYYMMDD-HHMMSS} in UTC at the start, or a name a user chose, plus {@code -N} when
 * taken. Only {@code [A-Za-z0-9._-]}: an id from a user or a web request can never name a path outside the
 * data root.
 */
public final class EpisodeId {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private EpisodeId() {
    }

    /** Null when the id is acceptable, else the reason it is not (for a one-line error). */
    public static String problem(String id) {
        if (id == null || !SAFE.matcher(id).matches()) {
            return "episode id '" + id + "' may only use letters, digits, '.', '_' and '-' (at most 128)";
        }
        if (id.equals(".") || id.equals("..")) {
            return "episode id '" + id + "' is not a directory name";
        }
        return null;
    }

    public static boolean isSafe(String id) {
        return problem(id) == null;
    }

    /** The id of an episode started at {@code start}. */
    public static String at(Instant start) {
        return FORMAT.format(start);
    }
}
