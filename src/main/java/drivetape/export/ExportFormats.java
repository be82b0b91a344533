package drivetape.export;

import drivetape.dataset.EpisodeReadException;
import drivetape.export.lerobot.LeRobotExporter;
import drivetape.export.mcap.McapExporter;
import drivetape.export.tub.TubExporter;
import java.util.List;

/** The {@code --format}s: each exporter once, found by its format name. */
public final class ExportFormats {
    /** The exporters this drivetape has. A new format is one line here. */
    private static final List<Exporter> EXPORTERS = List.of(
            new TubExporter(),
            new LeRobotExporter(),
            new McapExporter());

    /** Every format name the command line knows, built or not yet. */
    public static final List<String> NAMES = List.of("tub", "lerobot", "mcap");

    private ExportFormats() {
    }

    /** The exporter of {@code format}; a one-line error when there is none. */
    public static Exporter find(String format) throws EpisodeReadException {
        for (Exporter exporter : EXPORTERS) {
            if (exporter.format().equals(format)) {
                return exporter;
            }
        }
        if (NAMES.contains(format)) {
            throw new EpisodeReadException("--format " + format + " is not built yet in this drivetape: use "
                    + String.join(" or ", EXPORTERS.stream().map(Exporter::format).toList()));
        }
        throw new EpisodeReadException("unknown --format '" + format + "': use " + String.join(", ", NAMES));
    }
}
