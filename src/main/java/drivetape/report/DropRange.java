package drivetape.report;

import drivetape.dataset.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run of consecutive frames that were captured but not written (bytes 0 in frames.csv).
 *
 * @param firstIndex index of the first dropped frame
 * @param lastIndex index of the last dropped frame
 * @param frames frames in the run
 * @param fromS capture time of the first, seconds from the episode's start
 * @param toS capture time of the last, seconds from the episode's start
 */
public record DropRange(long firstIndex, long lastIndex, int frames, double fromS, double toS) {

    /** Consecutive rows of frames.csv with bytes 0, as ranges in file order. */
    static List<DropRange> of(Frames frames, long startNs) {
        List<DropRange> ranges = new ArrayList<>();
        int row = 0;
        while (row < frames.size()) {
            if (frames.written(row)) {
                row++;
                continue;
            }
            int first = row;
            while (row + 1 < frames.size() && !frames.written(row + 1)) {
                row++;
            }
            ranges.add(new DropRange(frames.index(first), frames.index(row), row - first + 1,
                    (frames.tNs(first) - startNs) / 1e9, (frames.tNs(row) - startNs) / 1e9));
            row++;
        }
        return ranges;
    }

    /** "12.30 s" or "12.30-12.63 s (10 frames)". */
    public String text() {
        return frames == 1 ? String.format(Locale.ROOT, "%.2f s", fromS)
                : String.format(Locale.ROOT, "%.2f-%.2f s (%d frames)", fromS, toS, frames);
    }
}
