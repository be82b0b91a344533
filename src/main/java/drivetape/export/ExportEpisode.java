package drivetape.export;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.dataset.Aligned;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One finished episode as an exporter reads it: its aligned.csv rows (frames with controls around them, none
 * excluded) and what its metadata.json says.
 *
 * @param id the episode's directory name (its id under the data root)
 */
public record ExportEpisode(String id, Path directory, JsonNode metadata, Aligned aligned) {
    /** The channels every trainer gets, mapped onto -1..+1, in this order. */
    public static final List<String> DRIVING_CHANNELS = List.of("steering", "throttle");

    public static ExportEpisode read(Path directory) throws IOException {
        JsonNode metadata = Episode.readMetadata(directory);
        return new ExportEpisode(directory.getFileName().toString(), directory, metadata, Aligned.read(directory));
    }

    /** Reads all of them, checking they have the same channels (the formats have one column set for all). */
    public static List<ExportEpisode> readAll(List<Path> directories, ExportOptions options) throws IOException {
        List<ExportEpisode> episodes = new ArrayList<>();
        for (Path directory : directories) {
            ExportEpisode episode = read(directory);
            if (!episodes.isEmpty() && !episode.channels().equals(episodes.get(0).channels())) {
                throw new EpisodeReadException("episode " + episode.id() + " has channels "
                        + String.join(",", episode.channels()) + ", episode " + episodes.get(0).id() + " has "
                        + String.join(",", episodes.get(0).channels()) + ": export them separately");
            }
            episode.drivingChannels();
            episodes.add(episode);
        }
        if (!episodes.isEmpty()) {
            for (String mapped : options.maps().keySet()) {
                if (!episodes.get(0).channels().contains(mapped)) {
                    throw new EpisodeReadException("--map names channel '" + mapped + "', which the episodes do not have"
                            + " (they have " + String.join(",", episodes.get(0).channels()) + ")");
                }
            }
        }
        return List.copyOf(episodes);
    }

    public List<String> channels() {
        return aligned.channels();
    }

    /** The positions of steering and throttle in the aligned rows; fails with a one-line message without them. */
    public int[] drivingChannels() throws EpisodeReadException {
        int[] positions = new int[DRIVING_CHANNELS.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = aligned.channel(DRIVING_CHANNELS.get(i));
            if (positions[i] < 0) {
                throw new EpisodeReadException("episode " + id + " has no '" + DRIVING_CHANNELS.get(i)
                        + "' channel (its channels: " + String.join(",", channels())
                        + "): the exports need steering and throttle");
            }
        }
        return positions;
    }

    /** metadata.json's started_at, or the first aligned frame's time when it has none. */
    public Instant startedAt() {
        try {
            return Instant.parse(metadata.path("started_at").asText(""));
        } catch (DateTimeParseException e) {
            long ns = aligned.size() > 0 ? aligned.tNs(0) : 0;
            return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L));
        }
    }

    /** The camera's frame rate as recorded (metadata camera.fps, else the measured rate), or 0 when unknown. */
    public double cameraFps() {
        double fps = metadata.path("camera").path("fps").asDouble(0);
        return fps > 0 ? fps : metadata.path("rates").path("frame_hz").asDouble(0);
    }

    /** The JPEG of an aligned row. */
    public Path frameFile(int row) {
        return directory.resolve(aligned.file(row));
    }
}
