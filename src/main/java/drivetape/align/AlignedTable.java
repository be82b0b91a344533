package drivetape.align;

import drivetape.dataset.Controls;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Excluded;
import drivetape.dataset.Frames;
import drivetape.format.AtomicFile;
import drivetape.format.Columns;
import drivetape.format.CsvText;
import drivetape.format.EpisodeFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * aligned.csv, the training table: {@code index,t_ns,file,offset_ms,<channels...>}, one row per written frame
 * with a control sample near and a signal (the rules are in {@link Alignment}). Written to a temporary file
 * and renamed over the old one, so a reader never sees half a table.
 */
public final class AlignedTable {
    public static final String FILE = EpisodeFiles.ALIGNED;

    private AlignedTable() {
    }

    /**
     * Builds {@code episodeDir/aligned.csv} from its controls.csv and frames.csv, leaving out the frames of its
     * excluded.json (the recorder calls this when an episode ends; {@code drivetape align} and the review page
     * to rebuild).
     *
     * @throws EpisodeReadException the directory or its CSV files cannot be read as an episode's
     * @throws IOException aligned.csv cannot be written
     */
    public static AlignCounts write(Path episodeDir) throws IOException {
        Episode.requireDirectory(episodeDir);
        Controls controls = Controls.read(episodeDir);
        Frames frames = Frames.read(episodeDir);
        return write(episodeDir, controls, frames, Alignment.of(controls, frames, Excluded.read(episodeDir)));
    }

    /** As {@link #write(Path)}, for an episode already read. */
    public static AlignCounts write(Episode episode) throws IOException {
        return write(episode.directory(), episode.controls(), episode.frames(),
                Alignment.of(episode.controls(), episode.frames(), Excluded.read(episode.directory())));
    }

    static AlignCounts write(Path episodeDir, Controls controls, Frames frames, Alignment alignment)
            throws IOException {
        Path target = episodeDir.resolve(FILE);
        try {
            AtomicFile.write(target, out -> {
                // Flushed, not closed: the file is AtomicFile's to close.
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                writeRows(writer, controls, frames, alignment);
                writer.flush();
            }, false);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return alignment.counts();
    }

    private static void writeRows(Writer out, Controls controls, Frames frames, Alignment alignment)
            throws IOException {
        StringBuilder line = new StringBuilder(128);
        out.append(Columns.header(Columns.aligned(controls.channels()))).append('\n');
        for (int row = 0; row < alignment.frameRows.length; row++) {
            int frame = alignment.frameRows[row];
            line.setLength(0);
            line.append(frames.index(frame)).append(',').append(frames.tNs(frame)).append(',')
                    .append(CsvText.quoted(frames.file(frame))).append(',');
            appendMillis(line, alignment.offsetNs[row]);
            for (double[] channel : alignment.values) {
                line.append(',');
                appendDecimal(line, channel[row]);
            }
            out.append(line).append('\n');
        }
    }

    /** Nanoseconds as milliseconds with three places (exact: whole microseconds). */
    static void appendMillis(StringBuilder s, long ns) {
        appendThousandths(s, Math.round(ns / 1000.0));
    }

    /** A decimal with three places, without String.format (an hour is ~100k rows x channels). */
    static void appendDecimal(StringBuilder s, double value) {
        appendThousandths(s, Math.round(value * 1000.0));
    }

    private static void appendThousandths(StringBuilder s, long thousandths) {
        if (thousandths < 0) {
            s.append('-');
            thousandths = -thousandths;
        }
        long fraction = thousandths % 1000;
        s.append(thousandths / 1000).append('.');
        if (fraction < 100) {
            s.append('0');
        }
        if (fraction < 10) {
            s.append('0');
        }
        s.append(fraction);
    }
}
