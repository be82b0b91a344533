package drivetape.report;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.align.Alignment;
import drivetape.dataset.Controls;
import drivetape.dataset.CsvLines;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeTimes;
import drivetape.dataset.Excluded;
import drivetape.dataset.Frames;
import drivetape.timing.ClockFit;
import drivetape.timing.IntervalStats;
import drivetape.timing.SyncQuality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person needs to trust an episode: the design note's sync quality recomputed from the CSV files, the
 * measured rates and interval percentiles against the expected ones, drops and when they happened, the
 * recorder's error counts, the clock fit, and what aligned.csv holds.
 *
 * <p>The sync quality uses {@link SyncQuality} on the times in file order, as the recorder does, so it matches
 * metadata.json's; rates and percentiles use the times sorted, so a board reset does not show as a negative
 * interval.
 *
 * @param badLines metadata.json's count, null when absent
 * @param lostSamples metadata.json's count, null when absent
 * @param writeErrors metadata.json's count, null when absent
 * @param metadataSync metadata.json's sync_quality object (missing node when absent)
 * @param dropReasons metadata.json's drops object (missing node when absent)
 * @param clock metadata.json's clock object, printed key by key (missing node when absent)
 * @param alignedFileRows data rows in the aligned.csv on disk, or null when there is none
 * @param notes anything else that bears on trusting the data (cut-short files, counts that disagree)
 */
public record EpisodeReport(Path directory, String episodeId, String status, double durationS,
                            List<String> channels, SyncQuality sync, JsonNode metadataSync,
                            StreamFigures controls, StreamFigures frames, int framesWritten, List<DropRange> drops,
                            JsonNode dropReasons, long events, Long badLines, Long lostSamples, Long writeErrors,
                            JsonNode clock, AlignCounts aligned, Long alignedFileRows, List<String> notes) {

    private static final Pattern HELLO_RATE = Pattern.compile("(?:^|\\s)rate_hz=([0-9]+(?:\\.[0-9]+)?)");

    /** Reads the episode at {@code directory} and computes its report. */
    public static EpisodeReport read(Path directory) throws IOException {
        return of(Episode.read(directory));
    }

    public static EpisodeReport of(Episode episode) throws IOException {
        return of(episode, Alignment.of(episode.controls(), episode.frames(), Excluded.read(episode.directory())));
    }

    static EpisodeReport of(Episode episode, Alignment alignment) throws IOException {
        JsonNode meta = episode.metadata();
        Controls c = episode.controls();
        Frames f = episode.frames();
        EpisodeTimes times = EpisodeTimes.of(c, f);
        long[] controlTimes = times.controlNs();
        long[] frameTimes = times.frameNs();
        SyncQuality sync = times.sync();

        double expectedControlHz = positive(meta.path("rates").path("expected_control_hz"));
        String controlFrom = expectedControlHz > 0 ? "rates.expected_control_hz" : "";
        if (expectedControlHz == 0) {
            Matcher m = HELLO_RATE.matcher(meta.path("controller").path("hello").asText(""));
            if (m.find()) {
                expectedControlHz = Double.parseDouble(m.group(1));
                controlFrom = "hello rate_hz";
            }
        }
        double expectedFrameHz = positive(meta.path("rates").path("expected_frame_hz"));
        String frameFrom = expectedFrameHz > 0 ? "rates.expected_frame_hz" : "";
        if (expectedFrameHz == 0 && positive(meta.path("camera").path("fps")) > 0) {
            expectedFrameHz = positive(meta.path("camera").path("fps"));
            frameFrom = "camera.fps";
        }
        IntervalStats controlIntervals = times.controlIntervals();
        IntervalStats frameIntervals = times.frameIntervals();
        StreamFigures controls = new StreamFigures(c.size(), controlIntervals.rateHz(), expectedControlHz,
                controlFrom, controlIntervals);
        StreamFigures frames = new StreamFigures(f.size(), frameIntervals.rateHz(), expectedFrameHz, frameFrom,
                frameIntervals);

        Path alignedFile = episode.directory().resolve(AlignedTable.FILE);
        Long alignedFileRows = Files.isRegularFile(alignedFile) ? CsvLines.countDataLines(alignedFile) : null;
        JsonNode counts = meta.path("counts");
        String status = meta.path("status").asText("");
        double durationS = meta.path("duration_s").isNumber() ? meta.path("duration_s").asDouble()
                : spanS(controlTimes, frameTimes);

        List<String> notes = notes(episode, status, counts, alignment.counts(), alignedFileRows);
        if (times.lateControls() > 0) {
            notes.add(times.lateControls() + " control rows were read more than "
                    + ClockFit.LATE_LINE_NS / 1_000_000 + " ms after their t_ns: they waited in the port before"
                    + " it was opened (a board that does not reset on open) or for a stalled host; their t_ns"
                    + " comes from the clock fit, receive_ns is when they were read");
        }
        return new EpisodeReport(episode.directory(), meta.path("episode_id").asText(""), status, durationS,
                c.channels(), sync, meta.path("sync_quality"), controls, frames, f.writtenCount(),
                DropRange.of(f, episode.startNs()), meta.path("drops"), episode.events(),
                count(counts, "bad_lines"), count(counts, "lost_samples"), count(counts, "write_errors"),
                meta.path("clock"), alignment.counts(), alignedFileRows, List.copyOf(notes));
    }

    private static List<String> notes(Episode episode, String status, JsonNode counts, AlignCounts aligned,
                                      Long alignedFileRows) {
        List<String> notes = new ArrayList<>();
        if (episode.controls().truncatedLastLine()) {
            notes.add("controls.csv ends in a cut-short line (skipped): the recording did not end cleanly");
        }
        if (episode.frames().truncatedLastLine()) {
            notes.add("frames.csv ends in a cut-short line (skipped): the recording did not end cleanly");
        }
        int outOfOrder = episode.controls().outOfOrderRows();
        if (outOfOrder > 0) {
            notes.add(outOfOrder + " control sample(s) arrived with t_ns earlier than the one before "
                    + "(board reset or clock step); sorted by t_ns for aligned.csv");
        }
        if (!status.equals("recording")) {
            mismatch(notes, counts, "controls", episode.controls().size(), "controls.csv");
            mismatch(notes, counts, "frames", episode.frames().size(), "frames.csv");
        }
        if (alignedFileRows == null) {
            notes.add("no aligned.csv: run 'drivetape align " + episode.directory() + "' to build it");
        } else if (alignedFileRows != aligned.rows()) {
            notes.add("aligned.csv has " + alignedFileRows + " rows but the CSV files give " + aligned.rows()
                    + ": run 'drivetape align " + episode.directory() + "' to rebuild it");
        }
        return notes;
    }

    private static void mismatch(List<String> notes, JsonNode counts, String key, int rows, String file) {
        if (counts.path(key).isIntegralNumber() && counts.path(key).asLong() != rows) {
            notes.add(String.format(Locale.ROOT, "metadata.json counts %d %s but %s has %d rows",
                    counts.path(key).asLong(), key, file, rows));
        }
    }

    /** Human-readable report, an aligned block of "topic  figures" lines. */
    public String text() {
        return ReportText.full(this);
    }

    /**
     * The short form for the end of a recording: one line per topic (sync, controls, frames, clock, aligned).
     */
    public String summary() {
        return ReportText.summary(this);
    }

    /** The same figures as {@link #text()}, as one JSON object. */
    public JsonNode json() {
        return ReportJson.of(this);
    }

    /**
     * Whether metadata.json's sync_quality says the same as the CSV files (to its 3 decimal places), or null
     * when it has none.
     */
    public Boolean syncMatchesMetadata() {
        if (!metadataSync.isObject()) {
            return null;
        }
        return close(metadataSync, "max_offset_ms", sync.maxOffsetMs())
                && close(metadataSync, "avg_control_interval_ms", sync.avgControlIntervalMs())
                && close(metadataSync, "avg_frame_interval_ms", sync.avgFrameIntervalMs())
                && close(metadataSync, "control_jitter_ms", sync.controlJitterMs())
                && close(metadataSync, "frame_jitter_ms", sync.frameJitterMs())
                && metadataSync.path("status").asText("").equals(sync.status());
    }

    private static boolean close(JsonNode node, String key, double value) {
        return node.path(key).isNumber() && Math.abs(node.path(key).asDouble() - value) <= 0.0015;
    }

    private static Long count(JsonNode counts, String key) {
        return counts.path(key).isIntegralNumber() ? counts.path(key).asLong() : null;
    }

    private static double positive(JsonNode node) {
        return node.isNumber() && node.asDouble() > 0 ? node.asDouble() : 0.0;
    }

    private static double spanS(long[] a, long[] b) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long[] s : List.of(a, b)) {
            for (long t : s) {
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        return min <= max ? (max - min) / 1e9 : 0.0;
    }
}
