package drivetape.dataset;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * aligned.csv read back: the training table, one row per frame kept for training, with each channel's value
 * (microseconds) at the frame's t_ns. What the exporters and the review page read.
 */
public final class Aligned {
    private final List<String> channels;
    private final long[] index;
    private final long[] tNs;
    private final String[] file;
    private final double[] offsetMs;
    private final double[][] values;
    private final int size;

    private Aligned(List<String> channels, long[] index, long[] tNs, String[] file, double[] offsetMs,
                    double[][] values, int size) {
        this.channels = channels;
        this.index = index;
        this.tNs = tNs;
        this.file = file;
        this.offsetMs = offsetMs;
        this.values = values;
        this.size = size;
    }

    /** Reads {@code episodeDir/aligned.csv}, which must exist ({@code drivetape align} builds it). */
    public static Aligned read(Path episodeDir) throws IOException {
        try (CsvLines csv = CsvLines.open(episodeDir, EpisodeFiles.ALIGNED)) {
            csv.requireHeader(Columns.ALIGNED_FIXED, false);
            List<String> channels = List.copyOf(csv.header().subList(Columns.ALIGNED_FIXED.size(), csv.header().size()));
            int fields = csv.header().size();
            int capacity = 4096;
            long[] index = new long[capacity];
            long[] tNs = new long[capacity];
            String[] file = new String[capacity];
            double[] offsetMs = new double[capacity];
            double[][] values = new double[channels.size()][capacity];
            int n = 0;
            while (csv.next(fields)) {
                if (n == index.length) {
                    capacity *= 2;
                    index = Arrays.copyOf(index, capacity);
                    tNs = Arrays.copyOf(tNs, capacity);
                    file = Arrays.copyOf(file, capacity);
                    offsetMs = Arrays.copyOf(offsetMs, capacity);
                    for (int c = 0; c < values.length; c++) {
                        values[c] = Arrays.copyOf(values[c], capacity);
                    }
                }
                index[n] = csv.longField(0, "index");
                tNs[n] = csv.longField(1, "t_ns");
                file[n] = csv.text(2);
                offsetMs[n] = csv.doubleField(3, "offset_ms");
                for (int c = 0; c < values.length; c++) {
                    values[c][n] = csv.doubleField(Columns.ALIGNED_FIXED.size() + c, channels.get(c));
                }
                n++;
            }
            return new Aligned(channels, index, tNs, file, offsetMs, values, n);
        }
    }

    public List<String> channels() {
        return channels;
    }

    /** The position of a channel, or -1. */
    public int channel(String name) {
        return channels.indexOf(name);
    }

    public int size() {
        return size;
    }

    /** The frame's index (frames.csv {@code index}). */
    public long index(int row) {
        return index[row];
    }

    public long tNs(int row) {
        return tNs[row];
    }

    /** The frame's file, relative to the episode directory ({@code frames/000042.jpg}). */
    public String file(int row) {
        return file[row];
    }

    public double offsetMs(int row) {
        return offsetMs[row];
    }

    /** The channel's value at the frame, in microseconds. */
    public double value(int channel, int row) {
        return values[channel][row];
    }
}
