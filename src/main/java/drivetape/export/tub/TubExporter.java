package drivetape.export.tub;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import drivetape.dataset.Aligned;
import drivetape.dataset.EpisodeReadException;
import drivetape.export.ChannelMap;
import drivetape.export.ExportEpisode;
import drivetape.export.ExportOptions;
import drivetape.export.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DonkeyCar's tub v2: {@code --out} becomes one tub that {@code donkey train --tub OUT} reads. Each episode is
 * one session; each aligned row one record, its JPEG hard-linked into images/. Where the rows are not
 * consecutive frames (an excluded range, a dropped frame, the next episode) a deleted {@code __empty__} record
 * sits between them, as DonkeyCar's own converter does, so sequence models never join frames across a gap.
 */
public final class TubExporter implements Exporter {
    private static final DateTimeFormatter SESSION_DATE = DateTimeFormatter.ofPattern("yy-MM-dd")
            .withZone(ZoneOffset.UTC);

    @Override
    public String format() {
        return "tub";
    }

    @Override
    public void export(List<Path> episodeDirs, Path out, ExportOptions options, Progress progress) throws IOException {
        List<ExportEpisode> episodes = ExportEpisode.readAll(episodeDirs, options);
        List<String> channels = episodes.get(0).channels();
        ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        double createdAt = System.currentTimeMillis() / 1000.0;
        Path images = Files.createDirectories(out.resolve(TubLayout.IMAGES_DIR));
        ImageLinks links = new ImageLinks();
        List<String> sessions = new ArrayList<>();
        List<Long> deleted = new ArrayList<>();
        long frames = 0;
        try (TubCatalogs catalogs = new TubCatalogs(out, json, createdAt)) {
            for (ExportEpisode episode : episodes) {
                String session = SESSION_DATE.format(episode.startedAt()) + "_" + sessions.size();
                sessions.add(session);
                Aligned rows = episode.aligned();
                int[] driving = episode.drivingChannels();
                ChannelMap steering = options.map(ExportEpisode.DRIVING_CHANNELS.get(0));
                ChannelMap throttle = options.map(ExportEpisode.DRIVING_CHANNELS.get(1));
                for (int row = 0; row < rows.size(); row++) {
                    long timestampMs = Math.floorDiv(rows.tNs(row) + 500_000, 1_000_000);
                    boolean consecutive = row > 0 && rows.index(row) == rows.index(row - 1) + 1;
                    if (catalogs.records() > 0 && !consecutive) {
                        deleted.add(catalogs.nextIndex());
                        catalogs.write(emptyRecord(catalogs.nextIndex(), session, timestampMs));
                    }
                    long index = catalogs.nextIndex();
                    String image = TubLayout.imageName(index);
                    place(links, episode, row, images.resolve(image));
                    Map<String, Object> record = new HashMap<>();
                    record.put(TubLayout.INDEX, index);
                    record.put(TubLayout.SESSION, session);
                    record.put(TubLayout.TIMESTAMP_MS, timestampMs);
                    record.put(TubLayout.IMAGE, image);
                    record.put(TubLayout.ANGLE, steering.apply(rows.value(driving[0], row)));
                    record.put(TubLayout.THROTTLE, throttle.apply(rows.value(driving[1], row)));
                    record.put(TubLayout.MODE, TubLayout.MODE_USER);
                    record.put(TubLayout.SOURCE_FRAME, rows.index(row));
                    for (int c = 0; c < channels.size(); c++) {
                        record.put(TubLayout.rawKey(channels.get(c)), rows.value(c, row));
                    }
                    catalogs.write(record);
                    progress.framesDone(++frames);
                }
            }
            catalogs.close();
            new TubManifest(inputs(channels), types(channels), metadata(episodes), createdAt, sessions,
                    catalogs.paths(), catalogs.records(), deleted).write(out.resolve(TubLayout.MANIFEST), json);
        }
    }

    private static void place(ImageLinks links, ExportEpisode episode, int row, Path target) throws IOException {
        Path frame = episode.frameFile(row);
        try {
            links.place(frame, target);
        } catch (NoSuchFileException e) {
            throw new EpisodeReadException("episode " + episode.id() + ": " + episode.aligned().file(row)
                    + " is missing (aligned.csv lists it): rebuild aligned.csv with drivetape align");
        }
    }

    /** A placeholder between records that are not consecutive frames, marked deleted. */
    private static Map<String, Object> emptyRecord(long index, String session, long timestampMs) {
        return Map.of(TubLayout.EMPTY, true, TubLayout.INDEX, index, TubLayout.SESSION, session,
                TubLayout.TIMESTAMP_MS, timestampMs);
    }

    static List<String> inputs(List<String> channels) {
        List<String> inputs = new ArrayList<>(TubLayout.INPUTS);
        channels.forEach(c -> inputs.add(TubLayout.rawKey(c)));
        return inputs;
    }

    static List<String> types(List<String> channels) {
        List<String> types = new ArrayList<>(TubLayout.TYPES);
        channels.forEach(c -> types.add("float"));
        return types;
    }

    /** The tub's user metadata (manifest line 3): where the data came from. */
    private static Map<String, String> metadata(List<ExportEpisode> episodes) {
        return Map.of("exported_by", "drivetape",
                "episodes", String.join(",", episodes.stream().map(ExportEpisode::id).toList()));
    }
}
