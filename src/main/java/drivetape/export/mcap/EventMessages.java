package drivetape.export.mcap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.dataset.Events;
import java.io.IOException;

/**
 * The events channel: one JSON message per events.csv row (failsafe, led, pong, ...),
 * {@code {"timestamp":{"sec","nsec"},"seq","device_us","name","value"}}.
 */
final class EventMessages {
    static final String SCHEMA_NAME = "drivetape.Event";

    private static final byte[] TIMESTAMP = JsonBytes.ascii("{\"timestamp\":");
    private static final byte[] SEQ = JsonBytes.ascii(",\"seq\":");
    private static final byte[] DEVICE_US = JsonBytes.ascii(",\"device_us\":");
    private static final byte[] NAME = JsonBytes.ascii(",\"name\":");
    private static final byte[] VALUE = JsonBytes.ascii(",\"value\":");

    private EventMessages() {
    }

    static byte[] schema() throws IOException {
        ObjectNode root = JsonBytes.JSON.createObjectNode()
                .put("title", SCHEMA_NAME)
                .put("description", "An event from the board (an events.csv row)")
                .put("type", "object");
        ObjectNode properties = root.putObject("properties");
        properties.set("timestamp", JsonBytes.timeSchema("When the event happened (t_ns)"));
        properties.set("seq", JsonBytes.property("integer", "The event's protocol sequence number"));
        properties.set("device_us", JsonBytes.property("integer", "The board's clock (t_us), in microseconds"));
        properties.set("name", JsonBytes.property("string", "What happened: failsafe, led, pong, ..."));
        properties.set("value", JsonBytes.property("string", "The event's value, \"\" when it has none"));
        return JsonBytes.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    static void write(RecordBuffer out, Events.Event event) {
        out.bytes(TIMESTAMP);
        JsonBytes.time(out, event.tNs());
        out.bytes(SEQ);
        JsonBytes.number(out, event.seq());
        out.bytes(DEVICE_US);
        JsonBytes.number(out, event.deviceUs());
        out.bytes(NAME).bytes(JsonBytes.quoted(event.name()));
        out.bytes(VALUE).bytes(JsonBytes.quoted(event.value()));
        out.u8('}');
    }
}
