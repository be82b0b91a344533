package drivetape.export.mcap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.dataset.Controls;
import drivetape.export.ChannelMap;
import drivetape.export.ExportOptions;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The controls channel: one JSON message per controls.csv row,
 * {@code {"timestamp":{"sec","nsec"},"seq","device_us","us":{"steering":1500,...},"value":{"steering":0.0,...}}}.
 * {@code us} is each channel's pulse width as recorded (0 = no signal); {@code value} the same on -1..+1 by the
 * export's channel maps, left out for a channel without signal (a made-up -1 would plot as full lock).
 * Foxglove plots {@code /controls.value.steering} against the log time.
 */
final class ControlMessages {
    static final String SCHEMA_NAME = "drivetape.Controls";

    private static final byte[] TIMESTAMP = JsonBytes.ascii("{\"timestamp\":");
    private static final byte[] SEQ = JsonBytes.ascii(",\"seq\":");
    private static final byte[] DEVICE_US = JsonBytes.ascii(",\"device_us\":");
    private static final byte[] US = JsonBytes.ascii(",\"us\":{");
    private static final byte[] VALUE = JsonBytes.ascii("},\"value\":{");
    private static final byte[] END = JsonBytes.ascii("}}");

    private final List<String> channels;
    private final ChannelMap[] maps;
    private final byte[][] keys;

    ControlMessages(List<String> channels, ExportOptions options) {
        this.channels = List.copyOf(channels);
        this.maps = new ChannelMap[channels.size()];
        this.keys = new byte[channels.size()][];
        for (int c = 0; c < channels.size(); c++) {
            maps[c] = options.map(channels.get(c));
            keys[c] = JsonBytes.key(channels.get(c));
        }
    }

    /** The JSON schema, with the episode's channels. */
    byte[] schema() throws IOException {
        ObjectNode root = JsonBytes.JSON.createObjectNode()
                .put("title", SCHEMA_NAME)
                .put("description", "One control sample (a controls.csv row): each RC channel's pulse width and "
                        + "its -1..+1 value")
                .put("type", "object");
        ObjectNode properties = root.putObject("properties");
        properties.set("timestamp", JsonBytes.timeSchema("When the values were measured (t_ns)"));
        properties.set("seq", JsonBytes.property("integer", "The sample's protocol sequence number"));
        properties.set("device_us", JsonBytes.property("integer", "The board's clock (t_us), in microseconds"));
        ObjectNode us = properties.putObject("us").put("type", "object")
                .put("description", "Each channel's pulse width in microseconds, 0 = no signal");
        ObjectNode value = properties.putObject("value").put("type", "object")
                .put("description", "Each channel on -1..+1 by the export's map (low:centre:high); absent "
                        + "while the channel has no signal");
        ObjectNode usChannels = us.putObject("properties");
        ObjectNode valueChannels = value.putObject("properties");
        for (int c = 0; c < channels.size(); c++) {
            usChannels.putObject(channels.get(c)).put("type", "integer");
            valueChannels.putObject(channels.get(c)).put("type", "number").put("minimum", -1).put("maximum", 1)
                    .put("description", "map " + mapText(maps[c]));
        }
        return JsonBytes.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** The channel's metadata: each channel's map, {@code map.steering = 1000:1500:2000}. */
    SortedMap<String, String> channelMetadata() {
        SortedMap<String, String> metadata = new TreeMap<>();
        for (int c = 0; c < channels.size(); c++) {
            metadata.put("map." + channels.get(c), mapText(maps[c]));
        }
        return metadata;
    }

    /** Appends row {@code row}'s message. */
    void write(RecordBuffer out, Controls controls, int row) {
        out.bytes(TIMESTAMP);
        JsonBytes.time(out, controls.tNs(row));
        out.bytes(SEQ);
        JsonBytes.number(out, controls.seq(row));
        out.bytes(DEVICE_US);
        JsonBytes.number(out, controls.deviceUs(row));
        out.bytes(US);
        for (int c = 0; c < keys.length; c++) {
            if (c > 0) {
                out.u8(',');
            }
            out.bytes(keys[c]);
            JsonBytes.number(out, controls.value(c, row));
        }
        out.bytes(VALUE);
        boolean first = true;
        for (int c = 0; c < keys.length; c++) {
            long us = controls.value(c, row);
            if (us == 0) {
                continue;
            }
            if (!first) {
                out.u8(',');
            }
            first = false;
            out.bytes(keys[c]);
            JsonBytes.number(out, maps[c].apply(us));
        }
        out.bytes(END);
    }

    private static String mapText(ChannelMap map) {
        return number(map.low()) + ":" + number(map.centre()) + ":" + number(map.high());
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
