package drivetape.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeId;
import drivetape.format.EpisodeStatus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A data root: the folder of episodes a recorder writes into, as the offline tools (align, report, review,
 * export) see it. Episodes are found by their metadata.json; an id from a user or a web request is checked
 * against {@code [A-Za-z0-9._-]} and resolved only to a real directory directly under the root (no
 * {@code ..}, no absolute paths, no symlinks out).
 */
public final class Dataset {
    /**
     * One episode of the root, as its metadata.json says (read once, when listed).
     *
     * @param startedAt metadata.json's started_at (ISO 8601), "" when absent
     */
    public record Entry(String id, Path directory, JsonNode metadata, EpisodeStatus status, String startedAt) {
    }

    private final Path root;

    private Dataset(Path root) {
        this.root = root;
    }

    /** The data root at {@code root}, which must be a directory. */
    public static Dataset at(Path root) throws IOException {
        Path real = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(real)) {
            throw new EpisodeReadException("no such folder of episodes: " + root);
        }
        return new Dataset(real.toRealPath());
    }

    public Path root() {
        return root;
    }

    /** Whether {@code directory} holds an episode (a metadata.json), so a folder of episodes can be told apart. */
    public static boolean isEpisode(Path directory) {
        return Files.isRegularFile(directory.resolve(EpisodeFiles.METADATA));
    }

    /** Every readable episode directly under the root, oldest first (by started_at, then id). */
    public List<Entry> episodes() throws IOException {
        return list(root);
    }

    /** The episodes in the trash, oldest first. */
    public List<Entry> trash() throws IOException {
        Path trash = root.resolve(EpisodeFiles.TRASH_DIR);
        return Files.isDirectory(trash, LinkOption.NOFOLLOW_LINKS) ? list(trash) : List.of();
    }

    private static List<Entry> list(Path folder) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                String id = child.getFileName().toString();
                if (id.startsWith(".") || !EpisodeId.isSafe(id)
                        || !Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) || !isEpisode(child)) {
                    continue;
                }
                try {
                    JsonNode metadata = Episode.readMetadata(child);
                    entries.add(new Entry(id, child, metadata,
                            EpisodeStatus.parse(metadata.path("status").asText("")),
                            metadata.path("started_at").asText("")));
                } catch (EpisodeReadException unreadable) {
                    // Not an episode this drivetape can read (half-written metadata is never seen: it is
                    // replaced atomically): left out of the list.
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::startedAt).thenComparing(Entry::id));
        return entries;
    }

    /**
     * The directory of episode {@code id}.
     *
     * @throws EpisodeReadException when the id is not a safe name, or no such episode is under the root
     */
    public Path resolve(String id) throws IOException {
        return resolveIn(root, id);
    }

    private Path resolveIn(Path folder, String id) throws IOException {
        String problem = EpisodeId.problem(id);
        if (problem != null || id.startsWith(".")) {
            throw new EpisodeReadException(problem != null ? problem : "episode id '" + id + "' is not an episode");
        }
        Path candidate = folder.resolve(id);
        if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS) || !isEpisode(candidate)) {
            throw new EpisodeReadException("no episode '" + id + "' in " + folder);
        }
        Path real = candidate.toRealPath();
        if (!real.getParent().equals(folder.toRealPath())) {
            throw new EpisodeReadException("episode '" + id + "' is not inside " + folder);
        }
        return real;
    }

    /** Moves episode {@code id} into the trash folder under the root; returns where it went. */
    public Path moveToTrash(String id) throws IOException {
        Path episode = resolve(id);
        Path trash = root.resolve(EpisodeFiles.TRASH_DIR);
        Files.createDirectories(trash);
        Path target = trash.resolve(id);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new EpisodeReadException("the trash already holds an episode '" + id + "': restore or remove it first");
        }
        return Files.move(episode, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Moves episode {@code id} back from the trash. */
    public Path restoreFromTrash(String id) throws IOException {
        Path trash = root.resolve(EpisodeFiles.TRASH_DIR);
        if (!Files.isDirectory(trash, LinkOption.NOFOLLOW_LINKS)) {
            throw new EpisodeReadException("the trash is empty");
        }
        Path episode = resolveIn(trash, id);
        Path target = root.resolve(id);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new EpisodeReadException("an episode '" + id + "' is already in " + root);
        }
        return Files.move(episode, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
