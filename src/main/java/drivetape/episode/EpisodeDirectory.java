package drivetape.episode;

import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates an episode's directory under the data root: its id, or {@code id-2}, {@code -3}, ... when taken. */
public final class EpisodeDirectory {
    private EpisodeDirectory() {
    }

    /**
     * Creates {@code root/id} (and its frames/), or {@code root/id-2}, {@code -3}, ... when taken. Creation is
     * atomic, so two recorders starting in the same second cannot share a directory.
     */
    public static Path create(Path root, String id) throws IOException {
        String problem = EpisodeId.problem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        for (int n = 1; n < 10_000; n++) {
            Path candidate = root.resolve(n == 1 ? id : id + "-" + n);
            try {
                Files.createDirectory(candidate);
                Files.createDirectory(candidate.resolve(EpisodeFiles.FRAMES_DIR));
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                // Try the next suffix.
            }
        }
        throw new IOException("no free episode directory name for " + id + " under " + root);
    }
}
