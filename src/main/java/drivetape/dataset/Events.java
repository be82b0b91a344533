package drivetape.dataset;

import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** events.csv as rows, in file (arrival) order: failsafe, led, pong and other events from the board. */
public final class Events {
    /**
     * One event.
     *
     * @param value the event's value, "" when it has none
     */
    public record Event(long seq, long deviceUs, long receiveNs, long tNs, String name, String value) {
    }

    private final List<Event> rows;
    private final boolean truncatedLastLine;

    private Events(List<Event> rows, boolean truncatedLastLine) {
        this.rows = List.copyOf(rows);
        this.truncatedLastLine = truncatedLastLine;
    }

    /** Reads {@code episodeDir/events.csv}; a missing file is an episode without events. */
    public static Events read(Path episodeDir) throws IOException {
        if (!Files.exists(episodeDir.resolve(EpisodeFiles.EVENTS))) {
            return new Events(List.of(), false);
        }
        try (CsvLines csv = CsvLines.open(episodeDir, EpisodeFiles.EVENTS)) {
            csv.requireHeader(Columns.EVENTS, true);
            List<Event> rows = new ArrayList<>();
            while (csv.next(Columns.EVENTS.size())) {
                try {
                    rows.add(new Event(csv.longField(0, "seq"), csv.longField(1, "device_us"),
                            csv.longField(2, "receive_ns"), csv.longField(3, "t_ns"), csv.text(4), csv.text(5)));
                } catch (EpisodeReadException e) {
                    if (!csv.onUnterminatedLastLine()) {
                        throw e;
                    }
                    csv.skipTruncatedLastLine();
                    break;
                }
            }
            return new Events(rows, csv.truncatedLastLine());
        }
    }

    public List<Event> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    /** True when the file's last line was cut short (a crash while recording) and was skipped. */
    public boolean truncatedLastLine() {
        return truncatedLastLine;
    }
}
