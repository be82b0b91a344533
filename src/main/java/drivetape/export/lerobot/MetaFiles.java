package drivetape.export.lerobot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.export.lerobot.ParquetTable.Column;
import drivetape.export.lerobot.ParquetTable.ColumnType;
import drivetape.export.lerobot.ParquetTable.ListOf;
import drivetape.export.lerobot.ParquetTable.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The meta/ folder: info.json, stats.json, tasks.parquet, the episodes table and our sources file. */
final class MetaFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One LeRobot episode as meta/episodes lists it.
     *
     * @param source the drivetape episode it was cut from, and that episode's first and last frame shown
     */
    record EpisodeEntry(int index, int length, FileIndex data, long fromIndex, FileIndex video, double fromTimestamp,
                        double toTimestamp, Map<String, FeatureStats> stats, String source, long firstFrame,
                        long lastFrame, long startNs) {
    }

    private MetaFiles() {
    }

    /** meta/info.json, keys in the order LeRobot's create_empty_dataset_info writes them. */
    static void writeInfo(Path root, int fps, long totalFrames, int episodes, FrameColumns columns, ObjectNode video)
            throws IOException {
        ObjectNode info = JSON.createObjectNode();
        info.put("codebase_version", LeRobotLayout.CODEBASE_VERSION);
        info.put("robot_type", "rc_car");
        info.put("total_episodes", episodes);
        info.put("total_frames", totalFrames);
        info.put("total_tasks", 1);
        info.put("chunks_size", LeRobotLayout.CHUNKS_SIZE);
        info.put("data_files_size_in_mb", LeRobotLayout.DATA_FILES_SIZE_IN_MB);
        info.put("video_files_size_in_mb", LeRobotLayout.VIDEO_FILES_SIZE_IN_MB);
        info.put("fps", fps);
        info.putObject("splits").put("train", "0:" + episodes);
        info.put("data_path", LeRobotLayout.DATA_PATH);
        info.put("video_path", LeRobotLayout.VIDEO_PATH);
        ObjectNode features = info.putObject("features");
        features.set(LeRobotLayout.VIDEO_KEY, video);
        columns.info().forEach(features::set);
        write(root.resolve(LeRobotLayout.INFO), info);
    }

    /** The video feature's info.json entry, with the "info" LeRobot's get_video_info would read off the file. */
    static ObjectNode videoFeature(int width, int height, int fps) {
        ObjectNode video = JSON.createObjectNode();
        video.put("dtype", "video");
        video.putArray("shape").add(height).add(width).add(3);
        video.putArray("names").add("height").add("width").add("channels");
        ObjectNode info = video.putObject("info");
        info.put("video.height", height);
        info.put("video.width", width);
        info.put("video.codec", VideoFile.CODEC);
        info.put("video.pix_fmt", VideoFile.PIXEL_FORMAT);
        info.put("video.is_depth_map", false);
        info.put("video.fps", fps);
        info.put("video.channels", 3);
        info.put("has_audio", false);
        return video;
    }

    /** meta/stats.json: every feature's statistics over all episodes, combined as LeRobot's aggregate_stats does. */
    static void writeStats(Path root, List<EpisodeEntry> episodes) throws IOException {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (String feature : episodes.get(0).stats().keySet()) {
            List<FeatureStats> parts = new ArrayList<>();
            episodes.forEach(e -> parts.add(e.stats().get(feature)));
            stats.put(feature, FeatureStats.aggregate(parts).json());
        }
        write(root.resolve(LeRobotLayout.STATS), stats);
    }

    /**
     * meta/tasks.parquet as pandas writes LeRobot's tasks DataFrame: the task text is the index (column "task",
     * restored as the index through the "pandas" metadata), task_index the one column.
     */
    static void writeTasks(Path root, String task) throws IOException {
        Path file = root.resolve(LeRobotLayout.TASKS);
        Files.createDirectories(file.getParent());
        Map<String, Object> pandas = new LinkedHashMap<>();
        pandas.put("index_columns", List.of("task"));
        Map<String, Object> columnIndex = new LinkedHashMap<>();
        columnIndex.put("name", null);
        columnIndex.put("field_name", null);
        columnIndex.put("pandas_type", "unicode");
        columnIndex.put("numpy_type", "object");
        columnIndex.put("metadata", Map.of("encoding", "UTF-8"));
        pandas.put("column_indexes", List.of(columnIndex));
        pandas.put("columns", List.of(pandasColumn("task_index", "int64", "int64"),
                pandasColumn("task", "unicode", "object")));
        pandas.put("creator", Map.of("library", "drivetape", "version", "0.1.0"));
        pandas.put("pandas_version", "2.2.3");
        try (ParquetTable table = ParquetTable.create(file, List.of(new Column("task_index", Scalar.INT64),
                new Column("task", Scalar.STRING)), Map.of("pandas", new ObjectMapper().writeValueAsString(pandas)))) {
            table.write(0L, task);
        }
    }

    private static Map<String, Object> pandasColumn(String name, String pandasType, String numpyType) {
        Map<String, Object> column = new LinkedHashMap<>();
        column.put("name", name);
        column.put("field_name", name);
        column.put("pandas_type", pandasType);
        column.put("numpy_type", numpyType);
        column.put("metadata", null);
        return column;
    }

    /**
     * meta/episodes/chunk-000/file-000.parquet: per episode its length, task, where its rows and video are
     * (file indices, dataset_from/to_index, from/to_timestamp in the video) and its statistics.
     */
    static void writeEpisodes(Path root, String task, List<EpisodeEntry> episodes, FrameColumns columns)
            throws IOException {
        String video = "videos/" + LeRobotLayout.VIDEO_KEY + "/";
        List<Column> schema = new ArrayList<>(List.of(
                new Column("episode_index", Scalar.INT64),
                new Column("tasks", new ListOf(Scalar.STRING)),
                new Column("length", Scalar.INT64),
                new Column("data/chunk_index", Scalar.INT64),
                new Column("data/file_index", Scalar.INT64),
                new Column("dataset_from_index", Scalar.INT64),
                new Column("dataset_to_index", Scalar.INT64),
                new Column(video + "chunk_index", Scalar.INT64),
                new Column(video + "file_index", Scalar.INT64),
                new Column(video + "from_timestamp", Scalar.FLOAT64),
                new Column(video + "to_timestamp", Scalar.FLOAT64)));
        List<String> statFeatures = new ArrayList<>(episodes.get(0).stats().keySet());
        for (String feature : statFeatures) {
            boolean image = episodes.get(0).stats().get(feature).image();
            boolean integer = episodes.get(0).stats().get(feature).integer();
            for (String key : LeRobotLayout.STAT_KEYS) {
                ColumnType element = key.equals("count") || (integer && (key.equals("min") || key.equals("max")))
                        ? Scalar.INT64 : Scalar.FLOAT64;
                ColumnType type = image && !key.equals("count")
                        ? new ListOf(new ListOf(new ListOf(element))) : new ListOf(element);
                schema.add(new Column("stats/" + feature + "/" + key, type));
            }
        }
        schema.add(new Column("meta/episodes/chunk_index", Scalar.INT64));
        schema.add(new Column("meta/episodes/file_index", Scalar.INT64));
        Path file = root.resolve(FileIndex.FIRST.path(LeRobotLayout.EPISODES_PATH));
        Files.createDirectories(file.getParent());
        try (ParquetTable table = ParquetTable.create(file, schema, Map.of())) {
            for (EpisodeEntry e : episodes) {
                List<Object> row = new ArrayList<>(List.of((long) e.index(), List.of(task), (long) e.length(),
                        (long) e.data().chunk(), (long) e.data().file(), e.fromIndex(), e.fromIndex() + e.length(),
                        (long) e.video().chunk(), (long) e.video().file(), e.fromTimestamp(), e.toTimestamp()));
                for (String feature : statFeatures) {
                    for (String key : LeRobotLayout.STAT_KEYS) {
                        row.add(e.stats().get(feature).value(key));
                    }
                }
                row.add((long) FileIndex.FIRST.chunk());
                row.add((long) FileIndex.FIRST.file());
                table.write(row.toArray());
            }
        }
    }

    /** meta/drivetape.json: which drivetape episode and frames each LeRobot episode was cut from, and why. */
    static void writeSources(Path root, int fps, List<EpisodeEntry> episodes) throws IOException {
        ObjectNode sources = JSON.createObjectNode();
        sources.put("format", "drivetape-lerobot-export/1");
        sources.put("fps", fps);
        sources.put("grid", "grid frame k shows the aligned frame nearest to the run's start + k / fps; a run ends"
                + " where aligned frames are more than 3 typical intervals (at least 250 ms) apart");
        var list = sources.putArray("episodes");
        for (EpisodeEntry e : episodes) {
            ObjectNode node = list.addObject();
            node.put("episode_index", e.index());
            node.put("source_episode", e.source());
            node.put("first_frame", e.firstFrame());
            node.put("last_frame", e.lastFrame());
            node.put("start_t_ns", e.startNs());
        }
        write(root.resolve(LeRobotLayout.SOURCES), sources);
    }

    private static void write(Path file, Object json) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), json);
    }
}
