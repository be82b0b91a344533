package drivetape.dataset;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One episode directory read back (episode-format.md): metadata.json, controls.csv, frames.csv and the number
 * of events.
 *
 * @param directory the episode directory
 * @param metadata metadata.json's object
 * @param controls controls.csv
 * @param frames frames.csv
 * @param events data rows of events.csv, or -1 when it is missing
 */
public record Episode(Path directory, JsonNode metadata, Controls controls, Frames frames, long events) {
    static final String METADATA = EpisodeFiles.METADATA;

    /** Reads the episode at {@code directory}; a one-line {@link EpisodeReadException} says what is wrong. */
    public static Episode read(Path directory) throws IOException {
        JsonNode metadata = readMetadata(directory);
        Controls controls = Controls.read(directory);
        Frames frames = Frames.read(directory);
        Path events = directory.resolve(EpisodeFiles.EVENTS);
        long eventCount = Files.isRegularFile(events) ? CsvLines.countDataLines(events) : -1;
        return new Episode(directory, metadata, controls, frames, eventCount);
    }

    public static JsonNode readMetadata(Path directory) throws IOException {
        requireDirectory(directory);
        Path file = directory.resolve(METADATA);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EpisodeReadException(directory + " is not an episode: it has no " + METADATA);
        } catch (IOException e) {
            throw new EpisodeReadException("cannot read " + file + ": " + e.getMessage());
        }
        JsonNode metadata;
        try {
            metadata = new ObjectMapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new EpisodeReadException(METADATA + (at == null ? "" : " line " + at.getLineNr()
                    + " column " + at.getColumnNr()) + ": not valid JSON: " + e.getOriginalMessage()
                    .replace('\n', ' '));
        }
        if (metadata == null || !metadata.isObject()) {
            throw new EpisodeReadException(METADATA + ": expected a JSON object");
        }
        String format = metadata.path("format").asText("");
        if (!format.startsWith("episode/")) {
            throw new EpisodeReadException(directory + " is not an episode: " + METADATA
                    + " has no \"format\": \"episode/1\"");
        }
        if (!format.equals(EpisodeFiles.FORMAT)) {
            throw new EpisodeReadException(METADATA + ": format " + format
                    + " is newer than this drivetape reads (episode/1); use a newer drivetape");
        }
        return metadata;
    }

    /** Fails with a one-line message unless {@code directory} is an existing directory. */
    public static void requireDirectory(Path directory) throws EpisodeReadException {
        if (!Files.exists(directory)) {
            throw new EpisodeReadException("no such episode directory: " + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw new EpisodeReadException(directory + " is not an episode: it is a file, not a directory");
        }
    }

    /**
     * The moment plots and drop times count from: the time base's start when metadata.json has one, else the
     * earliest time in the data.
     */
    public long startNs() {
        long anchor = metadata.path("time_base").path("epoch_ns_at_start").asLong(0);
        if (anchor > 0) {
            return anchor;
        }
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < controls.size(); i++) {
            earliest = Math.min(earliest, controls.tNs(i));
        }
        for (int i = 0; i < frames.size(); i++) {
            earliest = Math.min(earliest, frames.tNs(i));
        }
        return earliest == Long.MAX_VALUE ? 0 : earliest;
    }
}
