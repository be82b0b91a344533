package drivetape.export.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * metadata.json as MCAP metadata, which is a flat string-to-string map: one entry per leaf, named by its path
 * ({@code camera.width}, {@code controller.channels[1]}, {@code outages[0].from_ns}), in the file's order.
 * A string is its text; a number, true/false or null its JSON literal; an empty object or array {@code {}} or
 * {@code []}. Flattened rather than one entry of JSON text so that Foxglove's metadata view and
 * {@code mcap get metadata} show every key on its own line.
 */
final class FlatMetadata {
    private FlatMetadata() {
    }

    static Map<String, String> of(JsonNode root) {
        Map<String, String> entries = new LinkedHashMap<>();
        add(entries, "", root);
        return entries;
    }

    private static void add(Map<String, String> entries, String path, JsonNode node) {
        if (node.isObject() && node.size() > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                add(entries, path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                add(entries, path + "[" + i + "]", node.get(i));
            }
        } else {
            entries.put(path, node.isTextual() ? node.asText() : node.toString());
        }
    }
}
