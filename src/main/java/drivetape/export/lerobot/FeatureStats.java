package drivetape.export.lerobot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feature's statistics as LeRobot keeps them (compute_stats.py): per dimension min, max, mean, std
 * (population), the count of samples and the quantiles q01, q10, q50, q90, q99. Quantiles here are exact
 * (linear between order statistics) where LeRobot estimates them from a histogram; over several episodes they
 * are combined the way its aggregate_stats does (count-weighted means of each episode's).
 *
 * @param integer min and max are whole numbers (an int64 feature's, which LeRobot keeps as integers)
 * @param image the feature is an image: each value is one channel's, shaped (3, 1, 1), on 0..1
 */
record FeatureStats(double[] min, double[] max, double[] mean, double[] std, long count, double[][] quantiles,
                    boolean integer, boolean image) {

    /** Statistics of {@code n} samples of a feature, {@code values[dimension][sample]}. */
    static FeatureStats of(double[][] values, int n, boolean integer) {
        int dims = values.length;
        double[] min = new double[dims];
        double[] max = new double[dims];
        double[] mean = new double[dims];
        double[] std = new double[dims];
        double[][] quantiles = new double[LeRobotLayout.QUANTILES.length][dims];
        for (int d = 0; d < dims; d++) {
            double[] sorted = Arrays.copyOf(values[d], n);
            Arrays.sort(sorted);
            min[d] = sorted[0];
            max[d] = sorted[n - 1];
            double sum = 0;
            for (double v : sorted) {
                sum += v;
            }
            mean[d] = sum / n;
            double squares = 0;
            for (double v : sorted) {
                squares += (v - mean[d]) * (v - mean[d]);
            }
            std[d] = Math.sqrt(squares / n);
            for (int q = 0; q < quantiles.length; q++) {
                quantiles[q][d] = quantile(sorted, LeRobotLayout.QUANTILES[q]);
            }
        }
        return new FeatureStats(min, max, mean, std, n, quantiles, integer, false);
    }

    /** The value at quantile {@code q} of sorted values, linear between neighbours (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    /** Several episodes' statistics as one, as LeRobot's aggregate_feature_stats combines them. */
    static FeatureStats aggregate(List<FeatureStats> parts) {
        FeatureStats first = parts.get(0);
        int dims = first.mean.length;
        double[] min = first.min.clone();
        double[] max = first.max.clone();
        double[] mean = new double[dims];
        double[] std = new double[dims];
        double[][] quantiles = new double[LeRobotLayout.QUANTILES.length][dims];
        long total = 0;
        for (FeatureStats p : parts) {
            total += p.count;
        }
        for (int d = 0; d < dims; d++) {
            for (FeatureStats p : parts) {
                min[d] = Math.min(min[d], p.min[d]);
                max[d] = Math.max(max[d], p.max[d]);
                mean[d] += p.mean[d] * p.count / total;
                for (int q = 0; q < quantiles.length; q++) {
                    quantiles[q][d] += p.quantiles[q][d] * p.count / total;
                }
            }
            double variance = 0;
            for (FeatureStats p : parts) {
                double delta = p.mean[d] - mean[d];
                variance += (p.std[d] * p.std[d] + delta * delta) * p.count / total;
            }
            std[d] = Math.sqrt(variance);
        }
        return new FeatureStats(min, max, mean, std, total, quantiles, first.integer, first.image);
    }

    /** The statistic named {@code key} (one of {@link LeRobotLayout#STAT_KEYS}) as JSON / Parquet values. */
    Object value(String key) {
        return switch (key) {
            case "min" -> shaped(min, integer);
            case "max" -> shaped(max, integer);
            case "mean" -> shaped(mean, false);
            case "std" -> shaped(std, false);
            case "count" -> new long[] {count};
            default -> shaped(quantiles[quantileIndex(key)], false);
        };
    }

    /** All statistics, in LeRobot's order, for stats.json. */
    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String key : LeRobotLayout.STAT_KEYS) {
            json.put(key, value(key));
        }
        return json;
    }

    private static int quantileIndex(String key) {
        return LeRobotLayout.STAT_KEYS.indexOf(key) - LeRobotLayout.STAT_KEYS.indexOf("q01");
    }

    private Object shaped(double[] values, boolean whole) {
        if (image) {
            List<Object> channels = new ArrayList<>();
            for (double v : values) {
                channels.add(List.of(List.of(v)));
            }
            return channels;
        }
        if (whole) {
            long[] longs = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                longs[i] = Math.round(values[i]);
            }
            return longs;
        }
        return values.clone();
    }
}
