package drivetape.export.lerobot;

import java.util.List;
import java.util.Locale;

/**
 * LeRobotDataset v3.0 as huggingface/lerobot's code writes and reads it (datasets/utils.py, dataset_metadata.py,
 * compute_stats.py): file names and templates, the default sizes, the columns every dataset has. Written once.
 */
final class LeRobotLayout {
    static final String CODEBASE_VERSION = "v3.0";

    static final String INFO = "meta/info.json";
    static final String STATS = "meta/stats.json";
    static final String TASKS = "meta/tasks.parquet";
    /** Ours, beside LeRobot's files (it reads only what it knows): which drivetape frames each episode holds. */
    static final String SOURCES = "meta/drivetape.json";
    static final String DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
    static final String VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
    static final String EPISODES_PATH = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";

    /** Max files per chunk folder, max MB per data and per video file (DEFAULT_CHUNK_SIZE and friends). */
    static final int CHUNKS_SIZE = 1000;
    static final int DATA_FILES_SIZE_IN_MB = 100;
    static final int VIDEO_FILES_SIZE_IN_MB = 200;

    static final String VIDEO_KEY = "observation.images.front";
    static final String STATE = "observation.state";
    static final String ACTION = "action";
    /** Our extra columns: not named observation.* or action*, so policies do not take them as inputs. */
    static final String SOURCE_T_NS = "drivetape.t_ns";
    static final String SOURCE_FRAME = "drivetape.frame";
    static final String SOURCE_CONTROLS_US = "drivetape.controls_us";

    /** DEFAULT_FEATURES, which every dataset has after its own. */
    static final String TIMESTAMP = "timestamp";
    static final String FRAME_INDEX = "frame_index";
    static final String EPISODE_INDEX = "episode_index";
    static final String INDEX = "index";
    static final String TASK_INDEX = "task_index";

    /** DEFAULT_QUANTILES and the stats LeRobot keeps per feature, in its order. */
    static final double[] QUANTILES = {0.01, 0.10, 0.50, 0.90, 0.99};
    static final List<String> STAT_KEYS = List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90",
            "q99");

    /** The GOP LeRobot encodes with (g=2): a random frame never needs more than one other decoded first. */
    static final int GOP = 2;

    private LeRobotLayout() {
    }

    /** A path template with its chunk and file index filled in. */
    static String path(String template, int chunk, int file) {
        return template.replace("{chunk_index:03d}", String.format(Locale.ROOT, "%03d", chunk))
                .replace("{file_index:03d}", String.format(Locale.ROOT, "%03d", file))
                .replace("{video_key}", VIDEO_KEY);
    }
}
