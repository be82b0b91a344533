package drivetape.episode;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names and creates an episode's directory under the data root: {@code YYYYMMDD-HHMMSS} in UTC at the
 * start, or a name the user chose, plus {@code -N} when that name is taken. Names are checked against
 * {@code [A-Za-z0-9._-]} so a user-supplied id can never build a path outside the data root.
 */
public final class EpisodeDirectory {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final DateTimeFormatter ID_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private EpisodeDirectory() {
    }

    /** Null when the id is acceptable, else the reason it is not (for a one-line error). */
    public static String problemWithId(String id) {
        if (!SAFE_ID.matcher(id).matches()) {
            return "episode id '" + id + "' may only use letters, digits, '.', '_' and '-' (at most 128)";
        }
        if (id.equals(".") || id.equals("..")) {
            return "episode id '" + id + "' is not a directory name";
        }
        return null;
    }

    public static String idFor(Instant start) {
        return ID_FORMAT.format(start);
    }

    /**
     * Creates {@code root/id}, or {@code root/id-2}, {@code -3}, ... when taken. Creation is atomic, so two
     * recorders starting in the same second cannot share a directory.
     */
    public static Path create(Path root, String id) throws IOException {
        if (problemWithId(id) != null) {
            throw new IllegalArgumentException(problemWithId(id));
        }
        for (int n = 1; n < 10_000; n++) {
            Path candidate = root.resolve(n == 1 ? id : id + "-" + n);
            try {
                Files.createDirectory(candidate);
                Files.createDirectory(candidate.resolve("frames"));
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // Try the next suffix.
            }
        }
        throw new IOException("no free episode directory name for " + id + " under " + root);
    }
}
