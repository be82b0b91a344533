package drivetape.export.lerobot;

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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LeRobot export read back with readers that are not ours (DuckDB for the Parquet files, FFmpeg for the video)
 * and checked against the rules LeRobot's v3.0 code applies (lerobot_dataset.py, utils.py, compute_stats.py).
 */
class LeRobotExporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FPS = 30;
    private static final List<String> STAT_KEYS = List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50",
            "q90", "q99");

    @TempDir
    static Path dir;
    static Path out;
    static Map<String, Aligned> sources = new HashMap<>();

    /** Episode a: 24 frames at 30 fps with frames 4..13 excluded (a 367 ms gap: two runs); b: 6 frames. */
    @BeforeAll
    static void export() throws IOException {
        Path a = ExportFixtures.episode(dir.resolve("ep-a"), "2026-11-24T10:00:00.000Z", 24, 1000.0 / 30);
        Excluded.of(List.of(new Excluded.Range(4, 13))).write(a);
        Path b = ExportFixtures.episode(dir.resolve("ep-b"), "2026-11-24T11:00:00.000Z", 6, 1000.0 / 30);
        List<Path> episodes = ExportInputs.episodes(List.of(dir));
        sources.put("ep-a", Aligned.read(a));
        sources.put("ep-b", Aligned.read(b));
        out = dir.resolve("lerobot");
        ExportInputs.prepareOut(out);
        new LeRobotExporter().export(episodes, out, new ExportOptions(Map.of(), "drive the track", null),
                frames -> { });
    }

    private static JsonNode json(String file) throws IOException {
        return JSON.readTree(out.resolve(file).toFile());
    }

    private static List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql.replace("$", out.toString() + "/"))) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Map<String, String> columnTypes(String file) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query("DESCRIBE SELECT * FROM read_parquet('$" + file + "')")) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    @Test
    void infoJsonFollowsLeRobotsRules() throws Exception {
        JsonNode info = json("meta/info.json");
        assertThat(info.get("codebase_version").asText()).isEqualTo("v3.0");
        assertThat(info.get("fps").isInt()).isTrue();
        assertThat(info.get("fps").asInt()).isEqualTo(FPS);
        assertThat(info.get("total_episodes").asInt()).isEqualTo(3);
        assertThat(info.get("total_tasks").asInt()).isEqualTo(1);
        assertThat(info.get("splits").get("train").asText()).isEqualTo("0:3");
        assertThat(info.get("chunks_size").asInt()).isEqualTo(1000);
        assertThat(info.get("data_files_size_in_mb").asInt()).isEqualTo(100);
        assertThat(info.get("video_files_size_in_mb").asInt()).isEqualTo(200);
        assertThat(info.get("data_path").asText())
                .isEqualTo("data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        assertThat(info.get("video_path").asText())
                .isEqualTo("videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        long rows = (long) query("SELECT count(*) AS n FROM read_parquet('$data/chunk-000/file-000.parquet')")
                .get(0).get("n");
        assertThat(info.get("total_frames").asLong()).isEqualTo(rows);

        JsonNode features = info.get("features");
        for (Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
            assertThat(it.next()).as("_validate_feature_names").doesNotContain("/");
        }
        Map<String, String> defaults = Map.of("timestamp", "float32", "frame_index", "int64", "episode_index",
                "int64", "index", "int64", "task_index", "int64");
        defaults.forEach((name, dtype) -> {
            assertThat(features.get(name).get("dtype").asText()).as(name).isEqualTo(dtype);
            assertThat(features.get(name).get("shape").toString()).as(name).isEqualTo("[1]");
            assertThat(features.get(name).get("names").isNull()).as(name).isTrue();
        });
        for (String vector : List.of("observation.state", "action")) {
            assertThat(features.get(vector).toString()).isEqualTo(
                    "{\"dtype\":\"float32\",\"shape\":[2],\"names\":[\"steering\",\"throttle\"]}");
        }
        JsonNode video = features.get("observation.images.front");
        assertThat(video.get("dtype").asText()).isEqualTo("video");
        assertThat(video.get("shape").toString()).isEqualTo("[48,64,3]");
        assertThat(video.get("names").toString()).isEqualTo("[\"height\",\"width\",\"channels\"]");
        assertThat(video.get("info").get("video.fps").asInt()).isEqualTo(FPS);
        assertThat(video.get("info").get("video.codec").asText()).isEqualTo("h264");
        assertThat(video.get("info").get("video.pix_fmt").asText()).isEqualTo("yuv420p");

        // LeRobot loads the data files with exactly these columns (every feature but the video).
        List<String> expected = new ArrayList<>();
        features.fieldNames().forEachRemaining(expected::add);
        expected.remove("observation.images.front");
        assertThat(columnTypes("data/chunk-000/file-000.parquet").keySet()).containsExactlyElementsOf(expected);
    }

    @Test
    void dataColumnsHaveLeRobotsTypesAndTheEpisodesValues() throws Exception {
        assertThat(columnTypes("data/chunk-000/file-000.parquet")).containsExactlyEntriesOf(orderedTypes());

        List<Map<String, Object>> rows = query("SELECT \"observation.state\"[1] AS s, \"observation.state\"[2] AS t,"
                + " action[1] AS a1, action[2] AS a2, \"drivetape.t_ns\" AS tns, \"drivetape.frame\" AS frame,"
                + " \"drivetape.controls_us\"[1] AS us, timestamp, frame_index, episode_index, index, task_index"
                + " FROM read_parquet('$data/chunk-000/file-000.parquet') ORDER BY index");
        List<String> source = json("meta/drivetape.json").get("episodes").findValuesAsText("source_episode");
        assertThat(source).containsExactly("ep-a", "ep-a", "ep-b");
        Map<Long, Long> startNs = new HashMap<>();
        long lastEpisode = -1;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = rows.get(i);
            long episode = (long) r.get("episode_index");
            long frameIndex = (long) r.get("frame_index");
            assertThat((long) r.get("index")).isEqualTo(i);
            assertThat((long) r.get("task_index")).isZero();
            if (episode != lastEpisode) {
                assertThat(frameIndex).isZero();
                lastEpisode = episode;
            }
            assertThat((float) r.get("timestamp")).as("timestamp = frame_index / fps")
                    .isEqualTo((float) ((double) frameIndex / FPS));
            Aligned aligned = sources.get(source.get((int) episode));
            int row = rowOf(aligned, (long) r.get("frame"));
            double steeringUs = aligned.value(aligned.channel("steering"), row);
            assertThat((long) r.get("tns")).isEqualTo(aligned.tNs(row));
            assertThat((double) r.get("us")).isEqualTo(steeringUs);
            float steering = (float) ChannelMap.RC_DEFAULT.apply(steeringUs);
            assertThat((float) r.get("s")).isEqualTo(steering);
            assertThat((float) r.get("a1")).isEqualTo(steering);
            assertThat((float) r.get("t")).isEqualTo(0.2f);
            assertThat((float) r.get("a2")).isEqualTo(0.2f);
            // The grid: frame k is at the run's first frame + k / fps, and shows the aligned frame nearest to it.
            startNs.putIfAbsent(episode, aligned.tNs(row));
            long gridNs = startNs.get(episode) + Math.round(frameIndex * 1e9 / FPS);
            assertThat(Math.abs(aligned.tNs(row) - gridNs)).isLessThanOrEqualTo(17_000_000L);
        }
        // ep-a: frames 0..3 (4 grid frames), frames 14..23 (10); ep-b: 0..5 (6).
        assertThat(query("SELECT episode_index, count(*) AS n, min(\"drivetape.frame\") AS lo,"
                + " max(\"drivetape.frame\") AS hi FROM read_parquet('$data/chunk-000/file-000.parquet')"
                + " GROUP BY 1 ORDER BY 1").stream().map(Map::values).map(Object::toString).toList())
                .containsExactly("[0, 4, 0, 3]", "[1, 10, 14, 23]", "[2, 6, 0, 5]");
    }

    private static Map<String, String> orderedTypes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("observation.state", "FLOAT[]");
        m.put("action", "FLOAT[]");
        m.put("drivetape.t_ns", "BIGINT");
        m.put("drivetape.frame", "BIGINT");
        m.put("drivetape.controls_us", "DOUBLE[]");
        m.put("timestamp", "FLOAT");
        m.put("frame_index", "BIGINT");
        m.put("episode_index", "BIGINT");
        m.put("index", "BIGINT");
        m.put("task_index", "BIGINT");
        return m;
    }

    private static int rowOf(Aligned aligned, long frame) {
        for (int i = 0; i < aligned.size(); i++) {
            if (aligned.index(i) == frame) {
                return i;
            }
        }
        throw new AssertionError("frame " + frame + " is not an aligned row");
    }

    @Test
    void episodesTableSaysWhereEachEpisodesRowsAndVideoAre() throws Exception {
        Map<String, String> types = columnTypes("meta/episodes/chunk-000/file-000.parquet");
        String v = "videos/observation.images.front/";
        assertThat(types).containsEntry("episode_index", "BIGINT").containsEntry("tasks", "VARCHAR[]")
                .containsEntry("length", "BIGINT").containsEntry("data/chunk_index", "BIGINT")
                .containsEntry("data/file_index", "BIGINT").containsEntry("dataset_from_index", "BIGINT")
                .containsEntry("dataset_to_index", "BIGINT").containsEntry(v + "chunk_index", "BIGINT")
                .containsEntry(v + "file_index", "BIGINT").containsEntry(v + "from_timestamp", "DOUBLE")
                .containsEntry(v + "to_timestamp", "DOUBLE").containsEntry("meta/episodes/chunk_index", "BIGINT")
                .containsEntry("meta/episodes/file_index", "BIGINT")
                .containsEntry("stats/observation.state/min", "DOUBLE[]")
                .containsEntry("stats/frame_index/max", "BIGINT[]")
                .containsEntry("stats/observation.state/count", "BIGINT[]")
                .containsEntry("stats/observation.images.front/mean", "DOUBLE[][][]");
        for (String feature : List.of("observation.images.front", "observation.state", "action", "timestamp",
                "frame_index", "episode_index", "index", "task_index", "drivetape.t_ns")) {
            for (String key : STAT_KEYS) {
                assertThat(types).containsKey("stats/" + feature + "/" + key);
            }
        }
        List<Map<String, Object>> episodes = query("SELECT episode_index AS e, tasks::VARCHAR AS tasks, length,"
                + " dataset_from_index AS lo, dataset_to_index AS hi, \"" + v + "from_timestamp\" AS t0, \"" + v
                + "to_timestamp\" AS t1, \"" + v + "file_index\" AS vf, \"data/file_index\" AS df,"
                + " \"stats/observation.state/count\"[1] AS n FROM read_parquet('$meta/episodes/chunk-000/file-000.parquet')"
                + " ORDER BY e");
        long from = 0;
        for (int e = 0; e < episodes.size(); e++) {
            Map<String, Object> ep = episodes.get(e);
            long length = (long) ep.get("length");
            assertThat((long) ep.get("e")).isEqualTo(e);
            assertThat(ep.get("tasks")).isEqualTo("[drive the track]");
            assertThat((long) ep.get("lo")).isEqualTo(from);
            assertThat((long) ep.get("hi")).isEqualTo(from + length);
            assertThat((double) ep.get("t0")).isCloseTo((double) from / FPS, within(1e-9));
            assertThat((double) ep.get("t1")).isCloseTo((double) (from + length) / FPS, within(1e-9));
            assertThat((long) ep.get("vf")).isZero();
            assertThat((long) ep.get("df")).isZero();
            assertThat((long) ep.get("n")).isEqualTo(length);
            long rows = (long) query("SELECT count(*) AS n FROM read_parquet('$data/chunk-000/file-000.parquet')"
                    + " WHERE episode_index = " + e).get(0).get("n");
            assertThat(rows).isEqualTo(length);
            from += length;
        }
    }

    @Test
    void tasksAreThePandasFrameLeRobotReads() throws Exception {
        assertThat(query("SELECT task_index, task FROM read_parquet('$meta/tasks.parquet')"))
                .containsExactly(Map.of("task_index", 0L, "task", "drive the track"));
        String pandas = (String) query("SELECT decode(value) AS v FROM parquet_kv_metadata('$meta/tasks.parquet')"
                + " WHERE decode(key) = 'pandas'").get(0).get("v");
        JsonNode meta = JSON.readTree(pandas);
        assertThat(meta.get("index_columns").toString()).isEqualTo("[\"task\"]");
        assertThat(meta.get("columns").findValuesAsText("name")).containsExactly("task_index", "task");
    }

    @Test
    void statsJsonHasEveryStatisticOfEveryFeature() throws Exception {
        JsonNode stats = json("meta/stats.json");
        JsonNode features = json("meta/info.json").get("features");
        long total = json("meta/info.json").get("total_frames").asLong();
        for (Iterator<String> it = features.fieldNames(); it.hasNext(); ) {
            String feature = it.next();
            JsonNode s = stats.get(feature);
            assertThat(s).as(feature).isNotNull();
            List<String> keys = new ArrayList<>();
            s.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).as(feature).containsExactlyElementsOf(STAT_KEYS);
            assertThat(s.get("count").size()).isEqualTo(1);
            if (feature.equals("observation.images.front")) {
                for (String key : STAT_KEYS) {
                    if (!key.equals("count")) {
                        assertThat(s.get(key).toString()).as(key).matches("\\[\\[\\[[^]]+]],\\[\\[[^]]+]],\\[\\[[^]]+]]]");
                    }
                }
                continue;
            }
            assertThat(s.get("count").get(0).asLong()).as(feature).isEqualTo(total);
            int dims = features.get(feature).get("shape").get(0).asInt();
            for (String key : STAT_KEYS) {
                if (!key.equals("count")) {
                    assertThat(s.get(key).size()).as(feature + " " + key).isEqualTo(dims);
                }
            }
        }
        Map<String, Object> range = query("SELECT min(\"observation.state\"[1]) AS lo, max(\"observation.state\"[1])"
                + " AS hi, avg(\"observation.state\"[1]) AS mean FROM read_parquet('$data/chunk-000/file-000.parquet')")
                .get(0);
        JsonNode state = stats.get("observation.state");
        assertThat(state.get("min").get(0).asDouble()).isCloseTo((float) range.get("lo"), within(1e-6));
        assertThat(state.get("max").get(0).asDouble()).isCloseTo((float) range.get("hi"), within(1e-6));
        assertThat(state.get("mean").get(0).asDouble()).isCloseTo((double) range.get("mean"), within(1e-6));
        assertThat(state.get("q50").get(0).asDouble()).isBetween(state.get("min").get(0).asDouble(),
                state.get("max").get(0).asDouble());
        assertThat(stats.get("episode_index").get("max").get(0).asLong()).isEqualTo(2);
        JsonNode image = stats.get("observation.images.front");
        double mean = image.get("mean").get(0).get(0).get(0).asDouble();
        assertThat(mean).isBetween(0.0, 1.0);
        assertThat(image.get("min").get(0).get(0).get(0).asDouble()).isLessThanOrEqualTo(mean);
    }

    @Test
    void everyFrameIndexOverFpsIsAVideoFrameWithinATenthOfAMillisecondShowingItsSourceFrame() throws Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        List<Double> pts = new ArrayList<>();
        List<Double> brightness = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(
                out.resolve("videos/observation.images.front/chunk-000/file-000.mp4").toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            grabber.start();
            assertThat(grabber.getVideoCodecName()).contains("h264");
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                pts.add(frame.timestamp / 1e6);
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                long sum = 0;
                for (int y = 0; y < frame.imageHeight; y++) {
                    for (int x = 0; x < frame.imageWidth; x++) {
                        sum += pixels.get(y * frame.imageStride + x) & 0xFF;
                    }
                }
                brightness.add((double) sum / (frame.imageWidth * frame.imageHeight));
            }
            grabber.stop();
        }
        List<Map<String, Object>> rows = query("SELECT d.timestamp, d.\"drivetape.frame\" AS frame,"
                + " e.\"videos/observation.images.front/from_timestamp\" AS t0"
                + " FROM read_parquet('$data/chunk-000/file-000.parquet') d"
                + " JOIN read_parquet('$meta/episodes/chunk-000/file-000.parquet') e USING (episode_index)"
                + " ORDER BY d.index");
        assertThat(pts).hasSize(rows.size());
        for (Map<String, Object> r : rows) {
            double query = (double) r.get("t0") + (float) r.get("timestamp");
            int nearest = 0;
            for (int i = 1; i < pts.size(); i++) {
                if (Math.abs(pts.get(i) - query) < Math.abs(pts.get(nearest) - query)) {
                    nearest = i;
                }
            }
            assertThat(Math.abs(pts.get(nearest) - query)).as("tolerance_s at %s", query).isLessThan(1e-4);
            assertThat(brightness.get(nearest)).as("the frame shown at %s", query)
                    .isCloseTo(ExportFixtures.level((long) r.get("frame")), within(6.0));
        }
    }
}
