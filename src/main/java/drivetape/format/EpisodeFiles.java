package drivetape.format;

/**
 * The names of the files in an episode directory (episode format 1), written down once for the recorder,
 * the reader and every tool.
 */
public final class EpisodeFiles {
    /** The value of metadata.json's {@code format} key. */
    public static final String FORMAT = "episode/1";

    public static final String METADATA = "metadata.json";
    public static final String CONTROLS = "controls.csv";
    public static final String EVENTS = "events.csv";
    public static final String FRAMES = "frames.csv";
    public static final String FRAMES_DIR = "frames";
    public static final String ALIGNED = "aligned.csv";
    public static final String EXCLUDED = "excluded.json";

    /** Held locked (an OS file lock) by the process recording the episode; released even by kill -9. */
    public static final String LOCK = ".drivetape-lock";
    /** Space kept back while recording, so the final flush and metadata still fit on a full disk. */
    public static final String RESERVE = ".drivetape-reserve";
    /** A frame file being written; renamed to its final name once whole. */
    public static final String PART_SUFFIX = ".part";
    /** A file being replaced atomically; renamed over the old one once whole. */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Under the data root: episodes deleted from the review page, restorable (not episodes of the root). */
    public static final String TRASH_DIR = ".trash";

    private EpisodeFiles() {
    }

    /** {@code 000042.jpg}: the frame's index zero-padded to 6 digits (more when needed). */
    public static String frameFileName(long index) {
        // Once per frame on the writers: without String.format's Formatter and locale lookups.
        String digits = Long.toString(index);
        StringBuilder name = new StringBuilder(12);
        for (int i = digits.length(); i < 6; i++) {
            name.append('0');
        }
        return name.append(digits).append(".jpg").toString();
    }

    /** frames.csv's {@code file} value for a written frame: {@code frames/000042.jpg}. */
    public static String frameFile(long index) {
        return FRAMES_DIR + "/" + frameFileName(index);
    }
}
