package drivetape.devices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code drivetape devices --json}: the scan as one JSON object, snake_case keys like metadata.json. */
public final class DevicesJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private DevicesJson() {
    }

    public static String render(DeviceScan scan) {
        try {
            return JSON.writeValueAsString(scan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the device list as JSON", e);
        }
    }
}
