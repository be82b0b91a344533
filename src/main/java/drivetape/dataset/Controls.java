package drivetape.dataset;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * controls.csv as columns, in file (arrival) order. Channel values are in microseconds, 0 = no signal.
 */
public final class Controls {
    static final String FILE = EpisodeFiles.CONTROLS;
    static final List<String> FIXED_COLUMNS = Columns.CONTROLS_FIXED;

    private final List<String> channels;
    private final long[] seq;
    private final long[] deviceUs;
    private final long[] receiveNs;
    private final long[] tNs;
    private final long[][] values;
    private final int size;
    private final boolean truncatedLastLine;

    private Controls(List<String> channels, long[] seq, long[] deviceUs, long[] receiveNs, long[] tNs,
                     long[][] values, int size, boolean truncatedLastLine) {
        this.channels = channels;
        this.seq = seq;
        this.deviceUs = deviceUs;
        this.receiveNs = receiveNs;
        this.tNs = tNs;
        this.values = values;
        this.size = size;
        this.truncatedLastLine = truncatedLastLine;
    }

    /** Reads {@code episodeDir/controls.csv}. */
    public static Controls read(Path episodeDir) throws IOException {
        try (CsvLines csv = CsvLines.open(episodeDir, FILE)) {
            csv.requireHeader(FIXED_COLUMNS, false);
            List<String> channels = csv.header().subList(FIXED_COLUMNS.size(), csv.header().size());
            if (channels.isEmpty()) {
                throw new EpisodeReadException(FILE + " line 1: no channel columns after "
                        + String.join(",", FIXED_COLUMNS));
            }
            int fields = csv.header().size();
            int capacity = 4096;
            long[] seq = new long[capacity];
            long[] deviceUs = new long[capacity];
            long[] receiveNs = new long[capacity];
            long[] tNs = new long[capacity];
            long[][] values = new long[channels.size()][capacity];
            int n = 0;
            while (csv.next(fields)) {
                if (n == seq.length) {
                    capacity *= 2;
                    seq = Arrays.copyOf(seq, capacity);
                    deviceUs = Arrays.copyOf(deviceUs, capacity);
                    receiveNs = Arrays.copyOf(receiveNs, capacity);
                    tNs = Arrays.copyOf(tNs, capacity);
                    for (int c = 0; c < values.length; c++) {
                        values[c] = Arrays.copyOf(values[c], capacity);
                    }
                }
                try {
                    seq[n] = csv.longField(0, "seq");
                    deviceUs[n] = csv.longField(1, "device_us");
                    receiveNs[n] = csv.longField(2, "receive_ns");
                    tNs[n] = csv.longField(3, "t_ns");
                    for (int c = 0; c < values.length; c++) {
                        values[c][n] = csv.longField(FIXED_COLUMNS.size() + c, channels.get(c));
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
            return new Controls(List.copyOf(channels), seq, deviceUs, receiveNs, tNs, values, n,
                    csv.truncatedLastLine());
        }
    }

    public List<String> channels() {
        return channels;
    }

    public int size() {
        return size;
    }

    public long seq(int row) {
        return seq[row];
    }

    public long deviceUs(int row) {
        return deviceUs[row];
    }

    public long receiveNs(int row) {
        return receiveNs[row];
    }

    public long tNs(int row) {
        return tNs[row];
    }

    public long value(int channel, int row) {
        return values[channel][row];
    }

    /** True when the file's last line was cut short (a crash while recording) and was skipped. */
    public boolean truncatedLastLine() {
        return truncatedLastLine;
    }

    /** Rows whose t_ns is below the row before (a board reset starts a new clock segment, for example). */
    public int outOfOrderRows() {
        int count = 0;
        for (int i = 1; i < size; i++) {
            if (tNs[i] < tNs[i - 1]) {
                count++;
            }
        }
        return count;
    }

    /** Row numbers ordered by t_ns; rows with equal times keep their file order. */
    public int[] orderByTime() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (outOfOrderRows() == 0) {
            return order;
        }
        // Rare (a reset or a clock step), so plain boxed sorting is fine; it is stable.
        return Arrays.stream(order).boxed()
                .sorted((a, b) -> Long.compare(tNs[a], tNs[b]))
                .mapToInt(Integer::intValue).toArray();
    }
}
