package drivetape.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes episodes in a format another tool reads (DonkeyCar's tub, a LeRobot dataset, MCAP for Foxglove).
 * What goes in is each episode's aligned.csv rows: frames with controls around them, none excluded.
 */
public interface Exporter {

    /** The {@code --format} value, e.g. "tub". */
    String format();

    /**
     * Writes {@code episodes} (finished ones, oldest first) into {@code out}, an existing empty directory.
     *
     * @param progress told of every frame written, for the progress bar
     */
    void export(List<Path> episodes, Path out, ExportOptions options, Progress progress) throws IOException;

    /** Told of the work done, from the exporting thread. */
    @FunctionalInterface
    interface Progress {
        /** {@code frames}: how many frames have been written so far, in all episodes (a running total). */
        void framesDone(long frames);

        /**
         * How many frames the export will write, once the exporter knows it and when it differs from the
         * episodes' aligned rows (the progress bar's starting guess): LeRobot's frame grid, for example.
         */
        default void total(long frames) {
        }

        Progress NONE = frames -> { };
    }
}
