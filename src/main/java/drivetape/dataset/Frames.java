package drivetape.dataset;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** frames.csv as columns, in file (capture) order. A frame with bytes 0 was captured but not written. */
public final class Frames {
    static final String FILE = EpisodeFiles.FRAMES;
    static final List<String> COLUMNS = Columns.FRAMES;

    private final long[] index;
    private final long[] tNs;
    private final long[] receiveNs;
    private final long[] bytes;
    private final String[] file;
    private final int size;
    private final boolean truncatedLastLine;

    private Frames(long[] index, long[] tNs, long[] receiveNs, long[] bytes, String[] file, int size,
                   boolean truncatedLastLine) {
        this.index = index;
        this.tNs = tNs;
        this.receiveNs = receiveNs;
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.truncatedLastLine = truncatedLastLine;
    }

    /** Reads {@code episodeDir/frames.csv}. */
    public static Frames read(Path episodeDir) throws IOException {
        try (CsvLines csv = CsvLines.open(episodeDir, FILE)) {
            csv.requireHeader(COLUMNS, true);
            int capacity = 4096;
            long[] index = new long[capacity];
            long[] tNs = new long[capacity];
            long[] receiveNs = new long[capacity];
            long[] bytes = new long[capacity];
            String[] file = new String[capacity];
            int n = 0;
            while (csv.next(COLUMNS.size())) {
                if (n == index.length) {
                    capacity *= 2;
                    index = Arrays.copyOf(index, capacity);
                    tNs = Arrays.copyOf(tNs, capacity);
                    receiveNs = Arrays.copyOf(receiveNs, capacity);
                    bytes = Arrays.copyOf(bytes, capacity);
                    file = Arrays.copyOf(file, capacity);
                }
                try {
                    index[n] = csv.longField(0, "index");
                    tNs[n] = csv.longField(1, "t_ns");
                    receiveNs[n] = csv.longField(2, "receive_ns");
                    bytes[n] = csv.longField(3, "bytes");
                    file[n] = csv.text(4);
                    if (bytes[n] < 0) {
                        throw csv.error("bytes is negative: " + bytes[n]);
                    }
                    if (bytes[n] > 0 && file[n].isEmpty()) {
                        throw csv.error("a written frame (bytes " + bytes[n] + ") has no file");
                    }
                } catch (EpisodeReadException e) {
                    if (!csv.onUnterminatedLastLine()) {
                        throw e;
                    }
                    csv.skipTruncatedLastLine();
                    break;
                }
                n++;
            }
            return new Frames(index, tNs, receiveNs, bytes, file, n, csv.truncatedLastLine());
        }
    }

    public int size() {
        return size;
    }

    public long index(int row) {
        return index[row];
    }

    public long tNs(int row) {
        return tNs[row];
    }

    public long receiveNs(int row) {
        return receiveNs[row];
    }

    public long bytes(int row) {
        return bytes[row];
    }

    public String file(int row) {
        return file[row];
    }

    /** A frame is written when it has a file (bytes > 0); the others were dropped. */
    public boolean written(int row) {
        return bytes[row] > 0;
    }

    public int writtenCount() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            count += bytes[i] > 0 ? 1 : 0;
        }
        return count;
    }

    /** True when the file's last line was cut short (a crash while recording) and was skipped. */
    public boolean truncatedLastLine() {
        return truncatedLastLine;
    }
}
