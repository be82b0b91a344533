package drivetape.format;

import java.util.ArrayList;
import java.util.List;

/** The columns of the episode's CSV files (episode format 1), in order. */
public final class Columns {
    /** controls.csv before its channel columns (named as in the firmware's hello line). */
    public static final List<String> CONTROLS_FIXED = List.of("seq", "device_us", "receive_ns", "t_ns");
    public static final List<String> EVENTS = List.of("seq", "device_us", "receive_ns", "t_ns", "name", "value");
    public static final List<String> FRAMES = List.of("index", "t_ns", "receive_ns", "bytes", "file");
    /** aligned.csv before its channel columns. */
    public static final List<String> ALIGNED_FIXED = List.of("index", "t_ns", "file", "offset_ms");

    /** The t_ns column's position in controls.csv and events.csv. */
    public static final int T_NS = 3;
    /** The device_us column's position in controls.csv and events.csv. */
    public static final int DEVICE_US = 1;

    private Columns() {
    }

    public static List<String> controls(List<String> channels) {
        List<String> all = new ArrayList<>(CONTROLS_FIXED);
        all.addAll(channels);
        return List.copyOf(all);
    }

    public static List<String> aligned(List<String> channels) {
        List<String> all = new ArrayList<>(ALIGNED_FIXED);
        all.addAll(channels);
        return List.copyOf(all);
    }

    /** A header line without its line break; names with a comma or quote are quoted. */
    public static String header(List<String> columns) {
        StringBuilder line = new StringBuilder();
        for (String column : columns) {
            if (line.length() > 0) {
                line.append(',');
            }
            line.append(CsvText.quoted(column));
        }
        return line.toString();
    }
}
