package drivetape.episode;

import drivetape.timing.SegmentTimeMapping;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Rewrites the t_ns column of a finished controls.csv or events.csv with a better clock mapping, as a new
 * file renamed over the old one: a crash mid-way leaves the original, never half a file.
 *
 * <p>Both files start {@code seq,device_us,receive_ns,t_ns,...}; the device time of row n is mapped in the
 * clock segment that row was recorded in.
 */
final class TimeColumnRewrite {
    private TimeColumnRewrite() {
    }

    /**
     * @param segments the clock segment of each data row, in order
     * @param newTimes receives every row's new t_ns, in order
     */
    static void rewrite(Path csv, SegmentRuns segments, SegmentTimeMapping mapping, java.util.function.LongConsumer newTimes)
            throws IOException {
        Path temporary = csv.resolveSibling(csv.getFileName() + ".tmp");
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.US_ASCII);
             BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
            out.write(in.readLine());
            out.write('\n');
            String line;
            long row = 0;
            while ((line = in.readLine()) != null) {
                int c1 = line.indexOf(',');
                int c2 = line.indexOf(',', c1 + 1);
                int c3 = line.indexOf(',', c2 + 1);
                int c4 = line.indexOf(',', c3 + 1);
                long deviceUs = Long.parseLong(line, c1 + 1, c2, 10);
                long tNs = mapping.toEpisodeNs(segments.segmentOf(row++), deviceUs);
                newTimes.accept(tNs);
                out.write(line, 0, c3 + 1);
                out.write(Long.toString(tNs));
                if (c4 >= 0) {
                    out.write(line, c4, line.length() - c4);
                }
                out.write('\n');
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e instanceof IOException io ? io : new IOException("cannot rewrite " + csv.getFileName(), e);
        }
        Files.move(temporary, csv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
