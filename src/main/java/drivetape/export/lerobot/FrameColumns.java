package drivetape.export.lerobot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.export.lerobot.ParquetTable.Column;
import drivetape.export.lerobot.ParquetTable.ColumnType;
import drivetape.export.lerobot.ParquetTable.ListOf;
import drivetape.export.lerobot.ParquetTable.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-frame features of the data files, in order: their info.json entries, their Parquet columns (the
 * types HF datasets writes for them) and, per episode, the values LeRobot computes statistics over.
 *
 * <p>{@code observation.state} and {@code action} are both {@code [steering, throttle]} on -1..+1 at the frame's
 * moment: an RC car reports nothing but the commands it is given. {@code drivetape.t_ns} is the shown frame's
 * measured capture time (the grid time is {@code timestamp}), {@code drivetape.frame} its index in its episode
 * and {@code drivetape.controls_us} every channel's raw pulse width.
 */
final class FrameColumns {
    /** One feature: LeRobot dtype, length (shape is (length,)), names. */
    record Feature(String name, String dtype, int length, List<String> names) {
        boolean integer() {
            return dtype.equals("int64");
        }

        ColumnType columnType() {
            Scalar scalar = switch (dtype) {
                case "int64" -> Scalar.INT64;
                case "float32" -> Scalar.FLOAT32;
                default -> Scalar.FLOAT64;
            };
            return names == null ? scalar : new ListOf(scalar);
        }
    }

    private final List<Feature> features;
    private final double[][][] values;
    private int size;

    FrameColumns(List<String> driving, List<String> channels) {
        features = List.of(
                new Feature(LeRobotLayout.STATE, "float32", driving.size(), driving),
                new Feature(LeRobotLayout.ACTION, "float32", driving.size(), driving),
                new Feature(LeRobotLayout.SOURCE_T_NS, "int64", 1, null),
                new Feature(LeRobotLayout.SOURCE_FRAME, "int64", 1, null),
                new Feature(LeRobotLayout.SOURCE_CONTROLS_US, "float64", channels.size(), channels),
                new Feature(LeRobotLayout.TIMESTAMP, "float32", 1, null),
                new Feature(LeRobotLayout.FRAME_INDEX, "int64", 1, null),
                new Feature(LeRobotLayout.EPISODE_INDEX, "int64", 1, null),
                new Feature(LeRobotLayout.INDEX, "int64", 1, null),
                new Feature(LeRobotLayout.TASK_INDEX, "int64", 1, null));
        values = new double[features.size()][][];
        for (int f = 0; f < features.size(); f++) {
            values[f] = new double[features.get(f).length()][1024];
        }
    }

    List<Feature> features() {
        return features;
    }

    List<Column> parquetColumns() {
        List<Column> columns = new ArrayList<>();
        for (Feature f : features) {
            columns.add(new Column(f.name(), f.columnType()));
        }
        return columns;
    }

    /** The info.json entries of these features. */
    Map<String, ObjectNode> info() {
        Map<String, ObjectNode> info = new LinkedHashMap<>();
        for (Feature f : features) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("dtype", f.dtype());
            node.putArray("shape").add(f.length());
            if (f.names() == null) {
                node.putNull("names");
            } else {
                f.names().forEach(node.withArray("names")::add);
            }
            info.put(f.name(), node);
        }
        return info;
    }

    /**
     * One frame's Parquet row, remembered for the episode's statistics.
     *
     * @param driving steering and throttle on -1..+1
     * @param controlsUs every channel in microseconds
     */
    Object[] row(float[] driving, long tNs, long frame, double[] controlsUs, int fps, long frameIndex,
                 long episodeIndex, long index) {
        float timestamp = (float) ((double) frameIndex / fps);
        Object[] row = {driving.clone(), driving.clone(), tNs, frame, controlsUs.clone(), timestamp, frameIndex,
            episodeIndex, index, 0L};
        if (size == values[0][0].length) {
            for (double[][] feature : values) {
                for (int d = 0; d < feature.length; d++) {
                    feature[d] = Arrays.copyOf(feature[d], size * 2);
                }
            }
        }
        for (int f = 0; f < row.length; f++) {
            remember(values[f], row[f]);
        }
        size++;
        return row;
    }

    private void remember(double[][] feature, Object value) {
        if (value instanceof float[] a) {
            for (int d = 0; d < a.length; d++) {
                feature[d][size] = a[d];
            }
        } else if (value instanceof double[] a) {
            for (int d = 0; d < a.length; d++) {
                feature[d][size] = a[d];
            }
        } else {
            feature[0][size] = ((Number) value).doubleValue();
        }
    }

    /** The statistics of the frames since the last call, per feature; starts the next episode. */
    Map<String, FeatureStats> finishEpisode() {
        Map<String, FeatureStats> stats = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            stats.put(features.get(f).name(), FeatureStats.of(values[f], size, features.get(f).integer()));
        }
        size = 0;
        return stats;
    }
}
