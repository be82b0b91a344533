package drivetape.export.tub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The catalog files: JSON lines, {@link TubLayout#CATALOG_RECORDS} records each, and beside each its
 * {@code .catalog_manifest} with every line's length in bytes (newline included) and its first index, which is
 * how DonkeyCar seeks a record.
 */
final class TubCatalogs implements Closeable {
    private final Path tub;
    private final ObjectMapper json;
    private final double createdAt;
    private final List<String> paths = new ArrayList<>();
    private final List<Integer> lineLengths = new ArrayList<>();
    private OutputStream catalog;
    private long startIndex;
    private long records;

    TubCatalogs(Path tub, ObjectMapper json, double createdAt) {
        this.tub = tub;
        this.json = json;
        this.createdAt = createdAt;
    }

    /** The index the next record gets. */
    long nextIndex() {
        return records;
    }

    /** Appends one record (its keys are written sorted, as DonkeyCar's json.dumps(sort_keys=True) does). */
    void write(Map<String, Object> record) throws IOException {
        if (catalog == null || records % TubLayout.CATALOG_RECORDS == 0) {
            finishCatalog();
            String name = TubLayout.catalog(paths.size());
            paths.add(name);
            startIndex = records;
            catalog = new BufferedOutputStream(Files.newOutputStream(tub.resolve(name)), 1 << 16);
        }
        byte[] line = (json.writeValueAsString(new TreeMap<>(record)) + "\n").getBytes(StandardCharsets.US_ASCII);
        catalog.write(line);
        lineLengths.add(line.length);
        records++;
    }

    /** The catalog file names, in order. */
    List<String> paths() {
        return List.copyOf(paths);
    }

    long records() {
        return records;
    }

    private void finishCatalog() throws IOException {
        if (catalog == null) {
            return;
        }
        catalog.close();
        catalog = null;
        int n = paths.size() - 1;
        Map<String, Object> manifest = new TreeMap<>();
        manifest.put("created_at", createdAt);
        manifest.put("line_lengths", List.copyOf(lineLengths));
        manifest.put("path", TubLayout.catalogManifest(n));
        manifest.put("start_index", startIndex);
        Files.writeString(tub.resolve(TubLayout.catalogManifest(n)), json.writeValueAsString(manifest) + "\n",
                StandardCharsets.US_ASCII);
        lineLengths.clear();
    }

    @Override
    public void close() throws IOException {
        finishCatalog();
    }
}
