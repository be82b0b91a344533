package drivetape.export.tub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * manifest.json: five JSON lines, in the order DonkeyCar's Manifest reads them: the inputs, their types, the
 * user metadata, the manifest metadata (created_at and the sessions) and the catalog metadata (catalog paths,
 * current_index = records written, max_len, deleted_indexes).
 *
 * @param sessions the session ids, one per episode, in order ({@code yy-mm-dd_N} as DonkeyCar makes them)
 */
record TubManifest(List<String> inputs, List<String> types, Map<String, String> metadata, double createdAt,
                   List<String> sessions, List<String> catalogs, long records, List<Long> deleted) {

    void write(Path file, ObjectMapper json) throws IOException {
        Map<String, Object> sessionInfo = new LinkedHashMap<>();
        sessionInfo.put("all_full_ids", sessions);
        sessionInfo.put("last_id", sessions.size() - 1);
        sessionInfo.put("last_full_id", sessions.get(sessions.size() - 1));
        Map<String, Object> manifestMetadata = new LinkedHashMap<>();
        manifestMetadata.put("created_at", createdAt);
        manifestMetadata.put("sessions", sessionInfo);
        Map<String, Object> catalogMetadata = new LinkedHashMap<>();
        catalogMetadata.put("paths", catalogs);
        catalogMetadata.put("current_index", records);
        catalogMetadata.put("max_len", TubLayout.CATALOG_RECORDS);
        catalogMetadata.put("deleted_indexes", deleted);
        StringBuilder text = new StringBuilder();
        for (Object line : List.of(inputs, types, new java.util.TreeMap<>(metadata), manifestMetadata,
                catalogMetadata)) {
            text.append(json.writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
