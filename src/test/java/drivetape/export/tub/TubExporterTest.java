package drivetape.export.tub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.dataset.Aligned;
import drivetape.dataset.Excluded;
import drivetape.export.ChannelMap;
import drivetape.export.ExportFixtures;
import drivetape.export.ExportInputs;
import drivetape.export.ExportOptions;
import drivetape.export.Exporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tub read back as DonkeyCar's Manifest, Catalog and Seekable read it (datastore_v2.py). */
class TubExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<String> manifest(Path tub) throws IOException {
        return Files.readAllLines(tub.resolve("manifest.json"));
    }

    /** Every catalog's records, checked against its catalog_manifest (line lengths in bytes, start_index). */
    private List<JsonNode> records(Path tub) throws IOException {
        JsonNode paths = JSON.readTree(manifest(tub).get(4)).get("paths");
        List<JsonNode> records = new ArrayList<>();
        for (int n = 0; n < paths.size(); n++) {
            assertThat(paths.get(n).asText()).isEqualTo("catalog_" + n + ".catalog");
            byte[] bytes = Files.readAllBytes(tub.resolve(paths.get(n).asText()));
            List<String> manifestLines = Files.readAllLines(tub.resolve("catalog_" + n + ".catalog_manifest"));
            assertThat(manifestLines).hasSize(1);
            JsonNode catalogManifest = JSON.readTree(manifestLines.get(0));
            assertThat(catalogManifest.get("path").asText()).isEqualTo("catalog_" + n + ".catalog_manifest");
            assertThat(catalogManifest.get("start_index").asLong()).isEqualTo(records.size());
            assertThat(catalogManifest.get("created_at").isNumber()).isTrue();
            int at = 0;
            for (JsonNode length : catalogManifest.get("line_lengths")) {
                int end = at + length.asInt();
                assertThat(bytes[end - 1]).as("line ends with its newline").isEqualTo((byte) '\n');
                records.add(JSON.readTree(new String(bytes, at, length.asInt() - 1, StandardCharsets.UTF_8)));
                at = end;
            }
            assertThat(at).as("line lengths add up to the file").isEqualTo(bytes.length);
            assertThat(catalogManifest.get("line_lengths").size()).isLessThanOrEqualTo(1000);
        }
        return records;
    }

    private Path export(ExportOptions options, Path... episodes) throws IOException {
        Path tub = dir.resolve("tub");
        List<Path> ready = ExportInputs.episodes(List.of(episodes));
        ExportInputs.prepareOut(tub);
        List<Long> progress = new ArrayList<>();
        new TubExporter().export(ready, tub, options, progress::add);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(
                records(tub).stream().filter(r -> !r.has("__empty__")).count());
        return tub;
    }

    @Test
    void twoEpisodesAreTwoSessionsWithAGapRecordDeletedBetweenNonConsecutiveFrames() throws IOException {
        Path a = ExportFixtures.episode(dir.resolve("ep-a"), "2026-11-24T10:00:00.000Z", 6, 33);
        Excluded.of(List.of(new Excluded.Range(3, 3))).write(a);
        Path b = ExportFixtures.episode(dir.resolve("ep-b"), "2026-11-25T09:00:00.000Z", 3, 33);

        Path tub = export(ExportOptions.defaults(), b, a);

        List<String> manifest = manifest(tub);
        assertThat(manifest).hasSize(5);
        assertThat(JSON.readTree(manifest.get(0))).containsExactlyElementsOf(JSON.readTree(
                "[\"cam/image_array\",\"user/angle\",\"user/throttle\",\"user/mode\",\"drivetape/frame\","
                        + "\"__empty__\",\"drivetape/steering_us\",\"drivetape/throttle_us\"]"));
        assertThat(JSON.readTree(manifest.get(1))).containsExactlyElementsOf(JSON.readTree(
                "[\"image_array\",\"float\",\"float\",\"str\",\"int\",\"boolean\",\"float\",\"float\"]"));
        assertThat(JSON.readTree(manifest.get(2)).get("episodes").asText()).isEqualTo("ep-a,ep-b");
        JsonNode sessions = JSON.readTree(manifest.get(3)).get("sessions");
        assertThat(sessions.get("all_full_ids").toString()).isEqualTo("[\"26-11-24_0\",\"26-11-25_1\"]");
        assertThat(sessions.get("last_id").asInt()).isEqualTo(1);
        assertThat(sessions.get("last_full_id").asText()).isEqualTo("26-11-25_1");
        JsonNode catalogs = JSON.readTree(manifest.get(4));

        List<JsonNode> records = records(tub);
        // ep-a frames 0,1,2 | gap | 4,5 | next episode | ep-b 0,1,2
        assertThat(records).hasSize(10);
        assertThat(catalogs.get("current_index").asInt()).isEqualTo(10);
        assertThat(catalogs.get("max_len").asInt()).isEqualTo(1000);
        assertThat(catalogs.get("deleted_indexes").toString()).isEqualTo("[3,6]");
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).get("_index").asInt()).isEqualTo(i);
        }
        for (int deleted : List.of(3, 6)) {
            JsonNode empty = records.get(deleted);
            assertThat(empty.get("__empty__").asBoolean()).isTrue();
            assertThat(empty.has("cam/image_array")).isFalse();
        }
        assertThat(records.stream().map(r -> r.get("_session_id").asText()).toList()).containsExactly(
                "26-11-24_0", "26-11-24_0", "26-11-24_0", "26-11-24_0", "26-11-24_0", "26-11-24_0",
                "26-11-25_1", "26-11-25_1", "26-11-25_1", "26-11-25_1");

        Aligned aligned = Aligned.read(a);
        int[] realA = {0, 1, 2, 4, 5};
        for (int row = 0; row < realA.length; row++) {
            checkRecord(tub, records.get(realA[row]), a, aligned, row, ChannelMap.RC_DEFAULT);
        }
        Aligned alignedB = Aligned.read(b);
        for (int row = 0; row < 3; row++) {
            checkRecord(tub, records.get(7 + row), b, alignedB, row, ChannelMap.RC_DEFAULT);
        }
    }

    private void checkRecord(Path tub, JsonNode record, Path episode, Aligned aligned, int row, ChannelMap steering)
            throws IOException {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).as("keys sorted, as json.dumps(sort_keys=True)").containsExactly("_index", "_session_id",
                "_timestamp_ms", "cam/image_array", "drivetape/frame", "drivetape/steering_us",
                "drivetape/throttle_us", "user/angle", "user/mode", "user/throttle");
        long index = record.get("_index").asLong();
        assertThat(record.get("cam/image_array").asText()).isEqualTo(index + "_cam_image_array_.jpg");
        Path image = tub.resolve("images").resolve(record.get("cam/image_array").asText());
        Path source = episode.resolve(aligned.file(row));
        assertThat(image).hasSameBinaryContentAs(source);
        assertThat(Files.isSameFile(image, source) || (int) Files.getAttribute(image, "unix:nlink") > 1)
                .as("hard-linked").isTrue();
        assertThat(record.get("drivetape/frame").asLong()).isEqualTo(aligned.index(row));
        assertThat(record.get("_timestamp_ms").asLong()).isEqualTo(Math.round(aligned.tNs(row) / 1e6));
        double steeringUs = aligned.value(aligned.channel("steering"), row);
        assertThat(record.get("drivetape/steering_us").asDouble()).isEqualTo(steeringUs);
        assertThat(record.get("drivetape/throttle_us").asDouble()).isEqualTo(1600.0);
        assertThat(record.get("user/angle").asDouble()).isCloseTo(steering.apply(steeringUs), within(1e-12));
        assertThat(record.get("user/throttle").asDouble()).isCloseTo(0.2, within(1e-9));
        assertThat(record.get("user/mode").asText()).isEqualTo("user");
    }

    @Test
    void aReversedMapFlipsTheAngle() throws IOException {
        Path a = ExportFixtures.episode(dir.resolve("ep"), "2026-11-24T10:00:00.000Z", 3, 33);
        ChannelMap reversed = new ChannelMap(2000, 1500, 1000);

        Path tub = export(new ExportOptions(Map.of("steering", reversed), "drive", null), a);

        List<JsonNode> records = records(tub);
        Aligned aligned = Aligned.read(a);
        for (int row = 0; row < 3; row++) {
            double us = aligned.value(0, row);
            assertThat(records.get(row).get("user/angle").asDouble()).isCloseTo((1500 - us) / 500, within(1e-9));
        }
    }

    @Test
    void aThousandRecordsFillACatalogAndTheNextStartsAtIndex1000() throws IOException {
        Path a = ExportFixtures.episode(dir.resolve("ep"), "2026-11-24T10:00:00.000Z", 1003, 20);

        Path tub = export(ExportOptions.defaults(), a);

        assertThat(JSON.readTree(manifest(tub).get(4)).get("paths").toString())
                .isEqualTo("[\"catalog_0.catalog\",\"catalog_1.catalog\"]");
        assertThat(Files.readAllLines(tub.resolve("catalog_0.catalog"))).hasSize(1000);
        assertThat(JSON.readTree(Files.readString(tub.resolve("catalog_1.catalog_manifest")))
                .get("start_index").asInt()).isEqualTo(1000);
        assertThat(records(tub)).hasSize(1003);
        try (var images = Files.list(tub.resolve("images"))) {
            assertThat(images.count()).isEqualTo(1003);
        }
    }

    @Test
    void theProgressIsARunningTotal() throws IOException {
        Path a = ExportFixtures.episode(dir.resolve("ep"), "2026-11-24T10:00:00.000Z", 4, 33);
        List<Long> seen = new ArrayList<>();
        Path tub = dir.resolve("t");
        ExportInputs.prepareOut(tub);
        Exporter.Progress progress = seen::add;
        new TubExporter().export(ExportInputs.episodes(List.of(a)), tub, ExportOptions.defaults(), progress);
        assertThat(seen).containsExactly(1L, 2L, 3L, 4L);
    }
}
