package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.dataset.Controls;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Events;
import drivetape.dataset.Frames;
import drivetape.dataset.TestEpisode;
import drivetape.export.ChannelMap;
import drivetape.export.ExportOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports a hand-made episode and reads the file back with Foxglove's readers (see {@link FoxgloveReader}). */
class McapExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Small chunks, so that a few frames make many chunks (and one frame is bigger than a chunk). */
    private static final int CHUNK_SIZE = 4096;
    private static final ExportOptions OPTIONS = new ExportOptions(
            Map.of("steering", new ChannelMap(2000, 1500, 1000)), "drive", null);

    @TempDir
    Path dir;

    @Test
    void everyFrameControlEventAndTheMetadataReadBackThroughTheIndexes() throws Exception {
        Path episode = episode(dir.resolve("20261124-153012"));
        Path file = export(episode);

        JsonNode read = FoxgloveReader.read(file, false);

        assertThat(texts(read.get("checks"))).contains("summary CRC", "data section CRC", "summary offsets",
                "chunk indexes and message indexes", "all messages through the index", "messages per channel");
        assertThat(read.at("/header/library").asText()).isEqualTo("drivetape");
        assertThat(read.get("channels")).isEqualTo(JSON.readTree("""
                [{"id":1,"topic":"/camera","messageEncoding":"protobuf","schemaName":"foxglove.CompressedImage",
                  "schemaEncoding":"protobuf","metadata":{}},
                 {"id":2,"topic":"/controls","messageEncoding":"json","schemaName":"drivetape.Controls",
                  "schemaEncoding":"jsonschema",
                  "metadata":{"map.steering":"2000:1500:1000","map.throttle":"1000:1500:2000"}},
                 {"id":3,"topic":"/events","messageEncoding":"json","schemaName":"drivetape.Event",
                  "schemaEncoding":"jsonschema","metadata":{}}]"""));
        assertThat(read.at("/statistics/chunkCount").asInt()).isGreaterThanOrEqualTo(6);
        for (JsonNode chunk : read.get("chunks")) {
            assertThat(chunk.get("compression").asText()).isEqualTo("lz4");
        }
        assertThat(read.at("/statistics/messageCount").asLong()).isEqualTo(9 + 13 + 2);
        assertThat(read.at("/statistics/messageStartTime").asLong()).isEqualTo(TestEpisode.ns(-5));
        assertThat(read.at("/statistics/messageEndTime").asLong()).isEqualTo(TestEpisode.ns(400));

        assertMessagesMatch(read, episode);
        assertMetadataMatches(read, episode);
    }

    @Test
    void aStreamingReadFrontToBackSeesTheSameFile() throws Exception {
        Path episode = episode(dir.resolve("20261124-153012"));
        Path file = export(episode);

        JsonNode read = FoxgloveReader.read(file, true);

        assertThat(texts(read.get("checks"))).contains("streamed front to back, chunk CRCs checked");
        assertMessagesMatch(read, episode);
        assertMetadataMatches(read, episode);
    }

    @Test
    void anEpisodeWithoutFramesOrEventsIsStillAnIndexedFile() throws Exception {
        Path episode = new TestEpisode(dir.resolve("no-frames")).control(0, 1500, 1500).control(20, 1600, 1400)
                .write();
        Path file = export(episode);

        JsonNode read = FoxgloveReader.read(file, false);

        assertThat(read.at("/messages/~1camera").size()).isZero();
        assertThat(read.at("/messages/~1events").size()).isZero();
        assertThat(read.at("/messages/~1controls").size()).isEqualTo(2);
        assertThat(read.at("/statistics/chunkCount").asInt()).isEqualTo(1);
    }

    @Test
    void oneFilePerEpisodeNamedByItsIdWithProgressCountingFrames() throws Exception {
        Path a = new TestEpisode(dir.resolve("in").resolve("ep-a")).control(0, 1500, 1500).frame(5).frame(38).write();
        Path b = new TestEpisode(dir.resolve("in").resolve("ep-b")).control(0, 1500, 1500).frame(5).write();
        for (Path e : List.of(a, b)) {
            writeFrameFiles(e, new Random(1));
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        List<Long> progress = new ArrayList<>();

        new McapExporter().export(List.of(a, b), out, OPTIONS, progress::add);

        assertThat(progress).containsExactly(1L, 2L, 3L);
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("ep-a.mcap", "ep-b.mcap");
        }
        assertThat(new McapExporter().format()).isEqualTo("mcap");
    }

    @Test
    void aMissingFrameFileIsAOneLineErrorAndLeavesNoFile() throws Exception {
        Path episode = new TestEpisode(dir.resolve("ep")).control(0, 1500, 1500).frame(5).write();
        Path out = Files.createDirectories(dir.resolve("out"));

        assertThatThrownBy(() -> new McapExporter().export(List.of(episode), out, OPTIONS, n -> { }))
                .isInstanceOf(EpisodeReadException.class)
                .hasMessage("frames.csv lists frames/000000.jpg (frame 0) but the file is missing: exclude the "
                        + "frame (excluded.json) or restore the file");
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    /**
     * Controls every 20 ms from 0 to 240 ms (one row written out of time order, one with the throttle's signal
     * lost), eleven frames (one dropped, one excluded, one bigger than a chunk), two events.
     */
    private static Path episode(Path directory) throws Exception {
        TestEpisode e = new TestEpisode(directory)
                .metadata("\"camera\": {\"width\": 640, \"fps\": 30.0, \"jpeg_quality\": null},"
                        + " \"controller\": {\"channels\": [\"steering\", \"throttle\"]}, \"outages\": [],"
                        + " \"clock\": {}, \"ok\": true");
        for (int i = 0; i <= 12; i++) {
            double t = i == 5 ? -5 : i * 20; // row 5 measured before all others, written in the middle
            long throttle = i == 7 ? 0 : 1500 + 37L * i;
            e.control(t, 1.5, 1200 + 61L * i, throttle);
        }
        for (int i = 0; i < 11; i++) {
            if (i == 4) {
                e.droppedFrame(10 + 33.3 * i);
            } else {
                e.frame(10 + 33.3 * i);
            }
        }
        Path path = e.write();
        writeFrameFiles(path, new Random(42));
        Files.writeString(path.resolve("excluded.json"), "{\"frames\": [[6, 6]]}");
        Files.writeString(path.resolve("events.csv"), "seq,device_us,receive_ns,t_ns,name,value\n"
                + "0,1000," + TestEpisode.ns(2) + "," + TestEpisode.ns(1) + ",led,on\n"
                + "1,9000," + TestEpisode.ns(400.5) + "," + TestEpisode.ns(400) + ",failsafe,\"on, \"\"really\"\"\"\n",
                StandardCharsets.US_ASCII);
        return path;
    }

    /** Random bytes for every written frame, one of them (frame 3) larger than a chunk. */
    private static void writeFrameFiles(Path episode, Random random) throws Exception {
        Frames frames = Frames.read(episode);
        Files.createDirectories(episode.resolve("frames"));
        for (int i = 0; i < frames.size(); i++) {
            if (frames.written(i)) {
                byte[] bytes = new byte[frames.index(i) == 3 ? 3 * CHUNK_SIZE : 500 + random.nextInt(6000)];
                random.nextBytes(bytes);
                bytes[0] = (byte) 0xFF;
                bytes[1] = (byte) 0xD8;
                Files.write(episode.resolve(frames.file(i)), bytes);
            }
        }
    }

    private Path export(Path episode) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out-" + episode.getFileName()));
        new McapExporter(CHUNK_SIZE).export(List.of(episode), out, OPTIONS, n -> { });
        return out.resolve(episode.getFileName() + ".mcap");
    }

    /** Each channel's messages, in log-time order, against the episode's rows. */
    private static void assertMessagesMatch(JsonNode read, Path episodeDir) throws Exception {
        Episode episode = Episode.read(episodeDir);

        Frames frames = episode.frames();
        List<Integer> frameRows = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.written(i) && frames.index(i) != 6) {
                frameRows.add(i);
            }
        }
        frameRows.sort(Comparator.comparingLong(frames::tNs));
        JsonNode camera = read.at("/messages/~1camera");
        assertThat(camera.size()).as("frames: 11 less one dropped and one excluded").isEqualTo(9);
        for (int k = 0; k < frameRows.size(); k++) {
            int row = frameRows.get(k);
            JsonNode m = camera.get(k);
            byte[] jpeg = Files.readAllBytes(episodeDir.resolve(frames.file(row)));
            assertThat(m.get("sequence").asLong()).isEqualTo(frames.index(row));
            assertThat(m.get("logTime").asLong()).isEqualTo(frames.tNs(row));
            assertThat(m.get("publishTime").asLong()).isEqualTo(frames.receiveNs(row));
            assertThat(m.at("/message/timestamp/sec").asLong()).isEqualTo(frames.tNs(row) / 1_000_000_000L);
            assertThat(m.at("/message/timestamp/nsec").asLong()).isEqualTo(frames.tNs(row) % 1_000_000_000L);
            assertThat(m.at("/message/frame_id").asText()).isEqualTo("camera");
            assertThat(m.at("/message/format").asText()).isEqualTo("jpeg");
            assertThat(m.at("/message/bytes").asInt()).isEqualTo(jpeg.length);
            assertThat(m.at("/message/sha256").asText()).isEqualTo(sha256(jpeg));
        }

        Controls controls = episode.controls();
        int[] order = controls.orderByTime();
        assertThat(order[0]).as("the row measured first leads").isEqualTo(5);
        JsonNode controlMessages = read.at("/messages/~1controls");
        assertThat(controlMessages.size()).isEqualTo(controls.size());
        for (int k = 0; k < order.length; k++) {
            int row = order[k];
            JsonNode m = controlMessages.get(k);
            assertThat(m.get("sequence").asLong()).isEqualTo(controls.seq(row));
            assertThat(m.get("logTime").asLong()).isEqualTo(controls.tNs(row));
            assertThat(m.get("publishTime").asLong()).isEqualTo(controls.receiveNs(row));
            StringBuilder us = new StringBuilder();
            StringBuilder value = new StringBuilder();
            for (int c = 0; c < controls.channels().size(); c++) {
                String name = controls.channels().get(c);
                long v = controls.value(c, row);
                us.append(us.length() == 0 ? "" : ",").append('"').append(name).append("\":").append(v);
                if (v != 0) {
                    value.append(value.length() == 0 ? "" : ",").append('"').append(name).append("\":")
                            .append(OPTIONS.map(name).apply(v));
                }
            }
            String expected = "{\"timestamp\":{\"sec\":" + controls.tNs(row) / 1_000_000_000L + ",\"nsec\":"
                    + controls.tNs(row) % 1_000_000_000L + "},\"seq\":" + controls.seq(row) + ",\"device_us\":"
                    + controls.deviceUs(row) + ",\"us\":{" + us + "},\"value\":{" + value + "}}";
            assertSameJson(m.get("message"), JSON.readTree(expected));
        }
        int lostSignal = 0;
        while (order[lostSignal] != 7) {
            lostSignal++;
        }
        assertThat(controlMessages.get(lostSignal).at("/message/us/throttle").asLong()).isZero();
        assertThat(controlMessages.get(lostSignal).at("/message/value").has("throttle"))
                .as("no value for a channel without signal").isFalse();
        assertThat(controlMessages.get(1).at("/message/value/steering").asDouble())
                .as("steering reversed by the map: 1200 us is +0.6").isEqualTo(0.6, org.assertj.core.data.Offset.offset(1e-12));

        List<Events.Event> events = Events.read(episodeDir).rows();
        JsonNode eventMessages = read.at("/messages/~1events");
        assertThat(eventMessages.size()).isEqualTo(2);
        for (int k = 0; k < events.size(); k++) {
            Events.Event e = events.get(k);
            JsonNode m = eventMessages.get(k);
            assertThat(m.get("sequence").asLong()).isEqualTo(e.seq());
            assertThat(m.get("logTime").asLong()).isEqualTo(e.tNs());
            assertThat(m.get("publishTime").asLong()).isEqualTo(e.receiveNs());
            assertThat(m.at("/message/seq").asLong()).isEqualTo(e.seq());
            assertThat(m.at("/message/device_us").asLong()).isEqualTo(e.deviceUs());
            assertThat(m.at("/message/timestamp/nsec").asLong()).isEqualTo(e.tNs() % 1_000_000_000L);
            assertThat(m.at("/message/name").asText()).isEqualTo(e.name());
            assertThat(m.at("/message/value").asText()).isEqualTo(e.value());
        }
        assertThat(eventMessages.get(1).at("/message/value").asText()).isEqualTo("on, \"really\"");
    }

    /** One Metadata record "drivetape.episode": metadata.json flattened, every leaf by its path. */
    private static void assertMetadataMatches(JsonNode read, Path episodeDir) throws Exception {
        assertThat(read.get("metadata").size()).isEqualTo(1);
        assertThat(read.at("/metadata/0/name").asText()).isEqualTo("drivetape.episode");
        JsonNode entries = read.at("/metadata/0/entries");
        assertThat(entries.get("format").asText()).isEqualTo("episode/1");
        assertThat(entries.get("time_base.epoch_ns_at_start").asText()).isEqualTo(Long.toString(TestEpisode.BASE_NS));
        assertThat(entries.get("camera.width").asText()).isEqualTo("640");
        assertThat(entries.get("camera.fps").asText()).isEqualTo("30.0");
        assertThat(entries.get("camera.jpeg_quality").asText()).isEqualTo("null");
        assertThat(entries.get("controller.channels[1]").asText()).isEqualTo("throttle");
        assertThat(entries.get("outages").asText()).isEqualTo("[]");
        assertThat(entries.get("clock").asText()).isEqualTo("{}");
        assertThat(entries.get("ok").asText()).isEqualTo("true");
        JsonNode metadata = JSON.readTree(episodeDir.resolve("metadata.json").toFile());
        assertThat(entries.size()).as("one entry per leaf").isEqualTo(leaves(metadata));
    }

    /** Equal as JSON values: numbers by value (JavaScript writes 1.0 as 1). */
    private static void assertSameJson(JsonNode actual, JsonNode expected) {
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        assertThat(actual.equals(numbersByValue, expected)).as("%s%nis not%n%s", actual, expected).isTrue();
    }

    private static int leaves(JsonNode node) {
        if ((node.isObject() || node.isArray()) && node.size() > 0) {
            int n = 0;
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                n += leaves(it.next());
            }
            return n;
        }
        return 1;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
