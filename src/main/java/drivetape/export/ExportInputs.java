package drivetape.export;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.align.AlignedTable;
import drivetape.dataset.Dataset;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code drivetape export} is given, made ready for an {@link Exporter}: episode directories and folders of
 * episodes resolved to finished episodes, oldest first, each with an aligned.csv that is up to date. Every refusal
 * is one line that says what to do.
 */
public final class ExportInputs {
    private ExportInputs() {
    }

    /** A finished episode, ready to export. */
    private record Found(Path directory, String startedAt) {
    }

    /**
     * The episodes in {@code paths} (episode directories, or folders whose episodes are all taken), oldest first
     * (by started_at, then id), each once; aligned.csv is (re)built where it is missing or older than excluded.json.
     */
    public static List<Path> episodes(List<Path> paths) throws IOException {
        Map<Path, Found> found = new LinkedHashMap<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new EpisodeReadException("no such episode or folder of episodes: " + path);
            }
            if (!Files.isDirectory(path)) {
                throw new EpisodeReadException(path + " is not an episode: it is a file, not a directory");
            }
            if (Dataset.isEpisode(path)) {
                add(found, path);
                continue;
            }
            List<Dataset.Entry> entries = Dataset.at(path).episodes();
            if (entries.isEmpty()) {
                throw new EpisodeReadException(path + " is not an episode (no " + EpisodeFiles.METADATA
                        + ") and holds no episodes: give episode folders or the folder that holds them");
            }
            for (Dataset.Entry entry : entries) {
                add(found, entry.directory());
            }
        }
        if (found.isEmpty()) {
            throw new EpisodeReadException("no episodes to export");
        }
        List<Found> ordered = new ArrayList<>(found.values());
        ordered.sort(Comparator.comparing(Found::startedAt)
                .thenComparing(f -> f.directory().getFileName().toString()));
        List<Path> episodes = new ArrayList<>();
        for (Found f : ordered) {
            refreshAligned(f.directory());
            episodes.add(f.directory());
        }
        return List.copyOf(episodes);
    }

    private static void add(Map<Path, Found> found, Path directory) throws IOException {
        Path real = directory.toRealPath();
        if (found.containsKey(real)) {
            return;
        }
        JsonNode metadata = Episode.readMetadata(real);
        String id = real.getFileName().toString();
        if (EpisodeStatus.parse(metadata.path("status").asText("")) == EpisodeStatus.RECORDING) {
            throw new EpisodeReadException("episode " + id + " is still being recorded (metadata status \""
                    + EpisodeStatus.RECORDING + "\"): wait until it ends, or leave it out");
        }
        if (heldByRecorder(real)) {
            throw new EpisodeReadException("episode " + id + " is being recorded right now (a recorder holds its "
                    + EpisodeFiles.LOCK + "): wait until it ends, or leave it out");
        }
        found.put(real, new Found(real, metadata.path("started_at").asText("")));
    }

    /** Whether a live recorder holds the episode's lock file (an OS lock, released even by kill -9). */
    static boolean heldByRecorder(Path episode) throws IOException {
        Path lock = episode.resolve(EpisodeFiles.LOCK);
        if (!Files.isRegularFile(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process
        } catch (NoSuchFileException e) {
            return false; // the recorder just finished and removed it
        }
    }

    /** (Re)builds aligned.csv where it is missing or not newer than excluded.json. */
    static void refreshAligned(Path episode) throws IOException {
        Path aligned = episode.resolve(EpisodeFiles.ALIGNED);
        Path excluded = episode.resolve(EpisodeFiles.EXCLUDED);
        boolean stale = !Files.isRegularFile(aligned);
        if (!stale && Files.isRegularFile(excluded)) {
            FileTime alignedAt = Files.getLastModifiedTime(aligned);
            stale = alignedAt.compareTo(Files.getLastModifiedTime(excluded)) <= 0;
        }
        if (stale) {
            AlignedTable.write(episode);
        }
    }

    /** Makes {@code out} an empty directory, refusing one that holds anything. */
    public static void prepareOut(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new EpisodeReadException("--out " + out + " is a file: give a new or empty folder");
        }
        if (Files.isDirectory(out)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(out)) {
                if (children.iterator().hasNext()) {
                    throw new EpisodeReadException("--out " + out
                            + " is not empty: give a new or empty folder (an export is a whole dataset)");
                }
            }
            return;
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new EpisodeReadException("cannot create --out " + out + ": " + e.getMessage());
        }
    }

    /** Rows of each episode's aligned.csv, without parsing them: the progress bar's first guess. */
    public static long alignedRows(List<Path> episodes) throws IOException {
        long rows = 0;
        for (Path episode : episodes) {
            rows += drivetape.dataset.CsvLines.countDataLines(episode.resolve(EpisodeFiles.ALIGNED));
        }
        return rows;
    }
}
