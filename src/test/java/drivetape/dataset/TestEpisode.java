package drivetape.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a small hand-made episode directory: times are given in ms after {@link #BASE_NS}, written as
 * episode-format.md's nanosecond columns.
 */
public final class TestEpisode {
    /** t = 0 of the hand-made data. */
    public static final long BASE_NS = 1_700_000_000_000_000_000L;

    private final Path directory;
    private String channelHeader = "steering,throttle";
    private final List<String> controls = new ArrayList<>();
    private final List<String> frames = new ArrayList<>();
    private long seq;
    private int frameIndex;
    private String metadataExtra = "";
    private long startNs = BASE_NS;

    public TestEpisode(Path directory) {
        this.directory = directory;
    }

    public TestEpisode channels(String... names) {
        channelHeader = String.join(",", names);
        return this;
    }

    /** A control sample measured at {@code tMs}, received {@code delayMs} later. */
    public TestEpisode control(double tMs, double delayMs, long... values) {
        long t = ns(tMs);
        StringBuilder row = new StringBuilder();
        row.append(seq++).append(',').append(Math.round(tMs * 1000)).append(',')
                .append(t + Math.round(delayMs * 1_000_000)).append(',').append(t);
        for (long v : values) {
            row.append(',').append(v);
        }
        controls.add(row.toString());
        return this;
    }

    public TestEpisode control(double tMs, long... values) {
        return control(tMs, 0, values);
    }

    /** A written frame captured at {@code tMs}. */
    public TestEpisode frame(double tMs) {
        int index = frameIndex++;
        frames.add(index + "," + ns(tMs) + "," + (ns(tMs) + 2_000_000) + ",1234,"
                + String.format(Locale.ROOT, "frames/%06d.jpg", index));
        return this;
    }

    /** A frame captured at {@code tMs} but never written (bytes 0, no file). */
    public TestEpisode droppedFrame(double tMs) {
        int index = frameIndex++;
        frames.add(index + "," + ns(tMs) + "," + (ns(tMs) + 2_000_000) + ",0,");
        return this;
    }

    /** Extra top-level metadata.json members, e.g. {@code "\"counts\": {...}"}. */
    public TestEpisode metadata(String members) {
        metadataExtra = members;
        return this;
    }

    /** The time base's start, ms after {@link #BASE_NS} (negative: before). */
    public TestEpisode startMs(double ms) {
        startNs = ns(ms);
        return this;
    }

    public Path write() throws IOException {
        Files.createDirectories(directory);
        String metadata = "{\"format\": \"episode/1\", \"episode_id\": \"test-1\", \"status\": \"complete\", "
                + "\"time_base\": {\"epoch_ns_at_start\": " + startNs + ", \"monotonic_ns_at_start\": 0}"
                + (metadataExtra.isEmpty() ? "" : ", " + metadataExtra) + "}";
        Files.writeString(directory.resolve("metadata.json"), metadata);
        writeCsv("controls.csv", "seq,device_us,receive_ns,t_ns," + channelHeader, controls);
        writeCsv("frames.csv", "index,t_ns,receive_ns,bytes,file", frames);
        writeCsv("events.csv", "seq,device_us,receive_ns,t_ns,name,value", List.of());
        return directory;
    }

    private void writeCsv(String name, String header, List<String> rows) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (String row : rows) {
            text.append(row).append('\n');
        }
        Files.writeString(directory.resolve(name), text, StandardCharsets.US_ASCII);
    }

    public static long ns(double ms) {
        return BASE_NS + Math.round(ms * 1_000_000);
    }
}
