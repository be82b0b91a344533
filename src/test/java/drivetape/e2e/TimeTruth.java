package drivetape.e2e;

import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores an episode's control times against the simulator's truth file: every controls.csv row is matched
 * with its truth row by seq and device time (as on the wire), the truth's monotonic time converted with the
 * episode's time base.
 */
final class TimeTruth {
    static final long U32 = 1L << 32;

    private TimeTruth() {
    }

    /**
     * @param errorsMs |t_ns - truth| of every row, sorted
     * @param receiveErrorsMs |receive_ns - truth| of every row, sorted
     * @param crossedWrap whether the last row's device time is past the 32-bit micros() wrap
     */
    record Score(double[] errorsMs, double[] receiveErrorsMs, boolean crossedWrap) {
        int rows() {
            return errorsMs.length;
        }

        double p50Ms() {
            return pct(errorsMs, 0.5);
        }

        double p99Ms() {
            return pct(errorsMs, 0.99);
        }

        double maxMs() {
            return errorsMs[errorsMs.length - 1];
        }

        double receiveP50Ms() {
            return pct(receiveErrorsMs, 0.5);
        }

        /** The line the tests print (TIMING.md quotes it). */
        void print(String what, JsonNode metadata) {
            System.out.printf(Locale.ROOT, "%s, %d rows: t_ns error p50 %.3f p99 %.3f max %.3f ms;"
                            + " receive_ns error p50 %.3f p99 %.3f max %.3f ms; clock %s%n", what,
                    rows(), p50Ms(), p99Ms(), maxMs(), receiveP50Ms(), pct(receiveErrorsMs, 0.99),
                    receiveErrorsMs[receiveErrorsMs.length - 1], metadata.get("clock"));
        }
    }

    static Score scoreControls(Path episode, JsonNode metadata, Path truth) throws IOException {
        long epochAtStart = metadata.get("time_base").get("epoch_ns_at_start").asLong();
        long monoAtStart = metadata.get("time_base").get("monotonic_ns_at_start").asLong();
        Map<String, Long> trueNsBySeqAndTime = new HashMap<>();
        for (String[] row : rows(truth)) {
            if (row[1].equals("sample") || row[1].equals("$")) {
                long trueMono = Long.parseLong(row[3]);
                trueNsBySeqAndTime.put(row[0] + "/" + row[2], epochAtStart + (trueMono - monoAtStart));
            }
        }
        List<String[]> controls = rows(episode.resolve("controls.csv"));
        assertThat(controls).isNotEmpty();
        double[] errorMs = new double[controls.size()];
        double[] receiveErrorMs = new double[controls.size()];
        for (int i = 0; i < controls.size(); i++) {
            String[] row = controls.get(i);
            // The episode unwraps seq and device_us to 64 bits; the truth log has them as on the wire.
            String key = (Long.parseLong(row[0]) % U32) + "/" + (Long.parseLong(row[1]) % U32);
            Long trueNs = trueNsBySeqAndTime.get(key);
            assertThat(trueNs).as("truth for row " + Arrays.toString(row)).isNotNull();
            errorMs[i] = Math.abs(Long.parseLong(row[3]) - trueNs) / 1e6;
            receiveErrorMs[i] = Math.abs(Long.parseLong(row[2]) - trueNs) / 1e6;
        }
        Arrays.sort(errorMs);
        Arrays.sort(receiveErrorMs);
        boolean wrapped = Long.parseLong(controls.get(controls.size() - 1)[1]) > U32;
        return new Score(errorMs, receiveErrorMs, wrapped);
    }

    /**
     * Scores an episode's frame times: each frame file's JPEG comment names its frame number (the simulated
     * IP camera's {@code drivetape-truth ... frame=N}), whose true exposure moment the truth file holds.
     *
     * @return |t_ns - true exposure middle| of every written frame in ms, sorted
     */
    static double[] scoreFrames(Path episode, JsonNode metadata, Path truth) throws IOException {
        long epochAtStart = metadata.get("time_base").get("epoch_ns_at_start").asLong();
        long monoAtStart = metadata.get("time_base").get("monotonic_ns_at_start").asLong();
        Map<String, Long> trueNsByFrame = new HashMap<>();
        for (String[] row : rows(truth)) {
            if (row[1].equals("frame")) {
                trueNsByFrame.put(row[0], epochAtStart + (Long.parseLong(row[3]) - monoAtStart));
            }
        }
        List<String[]> frames = rows(episode.resolve("frames.csv"));
        List<Double> errors = new java.util.ArrayList<>();
        for (String[] row : frames) {
            if (row[4].isEmpty()) {
                continue; // dropped: no file
            }
            byte[] jpeg = java.nio.file.Files.readAllBytes(episode.resolve(row[4]));
            String comment = drivetape.sim.camera.JpegComment.read(jpeg, jpeg.length);
            assertThat(comment).as("truth comment in " + row[4]).isNotNull().contains(" frame=");
            String frame = comment.replaceAll(".* frame=(\\d+).*", "$1");
            Long trueNs = trueNsByFrame.get(frame);
            assertThat(trueNs).as("truth for frame " + frame).isNotNull();
            errors.add(Math.abs(Long.parseLong(row[1]) - trueNs) / 1e6);
        }
        return errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    static double pct(double[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
