package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatMetadataTest {

    @Test
    void everyLeafByItsPathInTheFilesOrder() throws Exception {
        Map<String, String> flat = FlatMetadata.of(new ObjectMapper().readTree(
                "{\"z\": \"x\", \"a\": {\"b\": 1.50, \"c\": [true, {\"d\": null}]}, \"f\": {}, \"g\": [], \"n\": -3}"));
        assertThat(flat).containsExactly(
                Map.entry("z", "x"),
                Map.entry("a.b", "1.5"),
                Map.entry("a.c[0]", "true"),
                Map.entry("a.c[1].d", "null"),
                Map.entry("f", "{}"),
                Map.entry("g", "[]"),
                Map.entry("n", "-3"));
    }
}
