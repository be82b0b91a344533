package drivetape.session;

import static drivetape.format.Meta.*;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.align.AlignedTable;
import drivetape.camera.FrameFormat;
import drivetape.dataset.Controls;
import drivetape.dataset.Dataset;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Events;
import drivetape.dataset.Frames;
import drivetape.episode.ControlCounts;
import drivetape.episode.EpisodeFigures;
import drivetape.episode.EpisodeLock;
import drivetape.episode.EpisodeSpec;
import drivetape.dataset.EpisodeTimes;
import drivetape.episode.FrameCounts;
import drivetape.episode.MetadataFile;
import drivetape.episode.Outage;
import drivetape.episode.TimeRefinement;
import drivetape.format.AtomicFile;
import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeStatus;
import drivetape.format.LatencySource;
import drivetape.serial.Hello;
import drivetape.serial.LineLength;
import drivetape.timing.ClockFit;
import drivetape.timing.ClockMapping;
import drivetape.timing.EnvelopeClock;
import drivetape.timing.FrameTimeRule;
import drivetape.timing.TimeBase;
import drivetape.timing.Timeline;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns an episode a crash or power cut left behind (status {@code recording}, and no live process holding
 * its lock) into a readable one: each CSV's cut-short last line dropped, half-written frame files removed,
 * rows whose frame file is missing or not a whole JPEG marked as not written, the clock fit redone from
 * the rows and the control times rewritten with it, aligned.csv rebuilt, and metadata.json rebuilt from the
 * files with status {@code recovered} and {@code recovered_at}. Everything is counted.
 */
public final class Recovery {
    private Recovery() {
    }

    /** What one recovery did. */
    public record Result(Path directory, EpisodeFigures figures) {
        public String line() {
            EpisodeFigures f = figures;
            EpisodeFigures.Recovered r = f.recovered();
            return "Recovered " + directory + ": " + f.controls().samples() + " control samples, "
                    + f.frames().written() + " of " + f.frames().captured() + " frames written, "
                    + String.format(java.util.Locale.ROOT, "%.1f s", f.durationS()) + " (" + r.cutLines()
                    + " cut line(s) dropped, " + r.brokenFrames() + " broken frame(s), " + r.partFiles()
                    + " half-written file(s) removed)";
        }
    }

    /**
     * Recovers every episode under {@code root} left recording by a process that is gone, before a session
     * starts. One that cannot be recovered is reported and left as it is.
     *
     * @return how many were recovered
     */
    public static int recoverAll(Path root, Consumer<String> info, Consumer<String> warn) {
        int recovered = 0;
        List<Dataset.Entry> entries;
        try {
            entries = Dataset.at(root).episodes();
        } catch (IOException e) {
            return 0;
        }
        for (Dataset.Entry entry : entries) {
            if (entry.status() != EpisodeStatus.RECORDING || EpisodeLock.isHeld(entry.directory())) {
                continue;
            }
            try {
                info.accept(recover(entry.directory()).line());
                recovered++;
            } catch (IOException | RuntimeException e) {
                warn.accept("cannot recover " + entry.directory() + ": " + e.getMessage());
            }
        }
        return recovered;
    }

    /**
     * Recovers one episode.
     *
     * @throws RecoveryRefused when a live process is recording it, or it was not left recording
     * @throws IOException when its files cannot be read or written
     */
    public static Result recover(Path directory) throws IOException {
        Episode.requireDirectory(directory);
        EpisodeLock lock = EpisodeLock.tryAcquire(directory);
        if (lock == null) {
            throw new RecoveryRefused(directory + " is being recorded by a running drivetape: stop that one first"
                    + " (it finishes the episode itself)");
        }
        try {
            JsonNode meta = Episode.readMetadata(directory);
            EpisodeStatus status = EpisodeStatus.parse(meta.path(STATUS).asText(""));
            if (status != EpisodeStatus.RECORDING) {
                throw new RecoveryRefused(directory + " is " + status + ", not left recording: nothing to recover");
            }
            Result result = mend(directory, meta);
            lock.releaseAndDelete(directory);
            return result;
        } finally {
            lock.close();
        }
    }

    /** Refused for a reason that is not a failure (a live episode, nothing to do). */
    public static final class RecoveryRefused extends IOException {
        public RecoveryRefused(String message) {
            super(message);
        }
    }

    private static Result mend(Path dir, JsonNode meta) throws IOException {
        int cutLines = 0;
        for (String csv : List.of(EpisodeFiles.CONTROLS, EpisodeFiles.EVENTS, EpisodeFiles.FRAMES)) {
            cutLines += dropCutLastLine(dir.resolve(csv));
        }
        for (String leftover : List.of(EpisodeFiles.RESERVE, EpisodeFiles.METADATA + EpisodeFiles.TEMP_SUFFIX,
                EpisodeFiles.ALIGNED + EpisodeFiles.TEMP_SUFFIX, EpisodeFiles.CONTROLS + EpisodeFiles.TEMP_SUFFIX,
                EpisodeFiles.EVENTS + EpisodeFiles.TEMP_SUFFIX, EpisodeFiles.FRAMES + EpisodeFiles.TEMP_SUFFIX)) {
            Files.deleteIfExists(dir.resolve(leftover));
        }
        int partFiles = removePartFiles(dir.resolve(EpisodeFiles.FRAMES_DIR));
        FrameCheck frames = checkFrames(dir);
        EpisodeSpec spec = spec(dir, meta);
        ClockFit fit = refit(dir, meta, spec);
        if (TimeRefinement.framesOnArrival(spec.camera())) {
            TimeRefinement.rewriteFrames(dir);
        }
        try {
            AlignedTable.write(dir);
        } catch (IOException e) {
            // Said below, as for any episode whose aligned.csv could not be written.
        }
        Controls controls = Controls.read(dir);
        Frames frameRows = Frames.read(dir);
        Events events = Events.read(dir);
        EpisodeTimes figures = EpisodeTimes.of(controls, frameRows);
        long lastNs = spec.timeBase().epochNsAtStart();
        for (int i = 0; i < controls.size(); i++) {
            lastNs = Math.max(lastNs, controls.receiveNs(i));
        }
        for (int i = 0; i < frameRows.size(); i++) {
            lastNs = Math.max(lastNs, frameRows.receiveNs(i));
        }
        JsonNode counts = meta.path(COUNTS);
        JsonNode drops = meta.path(DROPS);
        int written = frameRows.writtenCount();
        long notWritten = frameRows.size() - written;
        long queueFull = Math.min(notWritten, drops.path("queue_full").asLong(0));
        long shutdown = Math.min(notWritten - queueFull, drops.path("shutdown_timeout").asLong(0));
        FrameCounts frameCounts = new FrameCounts(frameRows.size(), written, queueFull, shutdown,
                notWritten - queueFull - shutdown);
        ControlCounts controlCounts = new ControlCounts(controls.size(), events.size(),
                counts.path(BAD_LINES).asLong(0), counts.path(LOST_SAMPLES).asLong(0),
                counts.path("noise_lines").asLong(0), counts.path("board_resets").asLong(0));
        EpisodeFigures.Aligned aligned;
        try {
            aligned = new EpisodeFigures.Aligned(drivetape.align.Alignment.of(controls, frameRows,
                    drivetape.dataset.Excluded.read(dir)).counts(), null);
        } catch (IOException e) {
            aligned = new EpisodeFigures.Aligned(null, e.getMessage());
        }
        EpisodeFigures result = new EpisodeFigures(EpisodeStatus.RECOVERED,
                (lastNs - spec.timeBase().epochNsAtStart()) / 1e9, spec.controller(), controlCounts, frameCounts,
                figures.controlIntervals(), figures.frameIntervals(), figures.sync(),
                new EpisodeFigures.Clock(fit, fit.samples() > 0, figures.lateControls()), null, aligned,
                outages(meta),
                meta.path(PROBLEM).isTextual() ? meta.path(PROBLEM).asText() : null,
                new EpisodeFigures.Recovered(MetadataFile.iso(Instant.now().getEpochSecond() * 1_000_000_000L
                        + Instant.now().getNano()), cutLines, frames.broken, partFiles, frames.orphans));
        new MetadataFile(spec).write(result, lastNs, true);
        return new Result(dir, result);
    }

    /** Truncates a file after its last line break (a crash can cut the last row short); 1 if it did. */
    static int dropCutLastLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long length = f.length();
            long end = length;
            while (end > 0) {
                f.seek(end - 1);
                if (f.read() == '\n') {
                    break;
                }
                end--;
            }
            if (end == length) {
                return 0;
            }
            // Keep at least a header: a file cut inside its header line is left for the reader to report.
            if (end == 0) {
                return 0;
            }
            f.setLength(end);
            f.getFD().sync();
            return 1;
        }
    }

    private static int removePartFiles(Path frames) throws IOException {
        int removed = 0;
        if (!Files.isDirectory(frames)) {
            return 0;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(frames, "*" + EpisodeFiles.PART_SUFFIX)) {
            for (Path part : parts) {
                Files.deleteIfExists(part);
                removed++;
            }
        }
        return removed;
    }

    private record FrameCheck(int broken, int orphans) {
    }

    /** Rows whose file is missing or not a whole JPEG become "not written"; frames.csv is replaced if so. */
    private static FrameCheck checkFrames(Path dir) throws IOException {
        Frames frames = Frames.read(dir);
        boolean[] broken = new boolean[frames.size()];
        int brokenCount = 0;
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.written(i)) {
                continue;
            }
            named.add(frames.file(i));
            if (!wholeJpeg(dir.resolve(frames.file(i)), frames.bytes(i))) {
                broken[i] = true;
                brokenCount++;
            }
        }
        if (brokenCount > 0) {
            Path file = dir.resolve(EpisodeFiles.FRAMES);
            AtomicFile.write(file, out -> {
                StringBuilder rows = new StringBuilder(Columns.header(Columns.FRAMES)).append('\n');
                for (int i = 0; i < frames.size(); i++) {
                    rows.append(frames.index(i)).append(',').append(frames.tNs(i)).append(',')
                            .append(frames.receiveNs(i)).append(',');
                    if (frames.written(i) && !broken[i]) {
                        rows.append(frames.bytes(i)).append(',').append(frames.file(i));
                    } else {
                        rows.append("0,");
                    }
                    rows.append('\n');
                }
                out.write(rows.toString().getBytes(StandardCharsets.US_ASCII));
            }, true);
            for (int i = 0; i < frames.size(); i++) {
                if (broken[i]) {
                    Files.deleteIfExists(dir.resolve(frames.file(i)));
                }
            }
        }
        int orphans = 0;
        Path framesDir = dir.resolve(EpisodeFiles.FRAMES_DIR);
        if (Files.isDirectory(framesDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(framesDir, "*.jpg")) {
                for (Path f : files) {
                    if (!named.contains(EpisodeFiles.FRAMES_DIR + "/" + f.getFileName())) {
                        orphans++;
                    }
                }
            }
        }
        return new FrameCheck(brokenCount, orphans);
    }

    /** A file of the size frames.csv says, starting with a JPEG's SOI marker and ending with its EOI. */
    static boolean wholeJpeg(Path file, long bytes) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length < 4 || length != bytes) {
                return false;
            }
            int soi1 = f.read();
            int soi2 = f.read();
            f.seek(length - 2);
            int eoi1 = f.read();
            int eoi2 = f.read();
            return soi1 == 0xFF && soi2 == 0xD8 && eoi1 == 0xFF && eoi2 == 0xD9;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Redoes the clock fit from controls.csv (a board reset shows as device time or seq going backwards) and
     * rewrites the t_ns of both CSVs with its final mapping, as the end of an episode would have.
     */
    private static ClockFit refit(Path dir, JsonNode meta, EpisodeSpec spec) throws IOException {
        Controls controls = Controls.read(dir);
        EnvelopeClock clock = new EnvelopeClock();
        Timeline timeline = new Timeline(spec.timeBase(), clock, spec.controller().baud(),
                new FrameTimeRule(false, 0));
        String helloText = spec.controller().hello();
        Hello hello = helloText == null ? null : Hello.parse(helloText.substring(1));
        if (hello != null) {
            timeline.onHello(hello);
        }
        int[] segments = new int[controls.size()];
        int segment = 0;
        long[] values = new long[controls.channels().size()];
        for (int i = 0; i < controls.size(); i++) {
            if (i > 0 && (controls.deviceUs(i) < controls.deviceUs(i - 1) || controls.seq(i) < controls.seq(i - 1))) {
                segment++;
            }
            segments[i] = segment;
            for (int c = 0; c < values.length; c++) {
                values[c] = controls.value(c, i);
            }
            long wire = timeline.wireNs(LineLength.sample(controls.seq(i), controls.deviceUs(i), values, values.length));
            clock.toEpisodeNs(segment, controls.deviceUs(i), controls.receiveNs(i) - wire);
        }
        if (controls.size() == 0) {
            return clock.fit();
        }
        ClockMapping mapping = clock.finalMapping();
        TimeRefinement.rewrite(dir, (event, row, deviceUs, receiveNs) -> event
                ? mapping.toEpisodeNs(deviceUs, receiveNs) : mapping.toEpisodeNs(segments[row], deviceUs));
        return clock.fit();
    }

    /** What the episode recorded with, as its metadata.json says. */
    private static EpisodeSpec spec(Path dir, JsonNode meta) throws IOException {
        JsonNode tb = meta.path(TIME_BASE);
        TimeBase base = new TimeBase(tb.path(EPOCH_NS_AT_START).asLong(0), tb.path(MONOTONIC_NS_AT_START).asLong(0));
        JsonNode cam = meta.path(CAMERA);
        FrameFormat format = new FrameFormat(cam.path(SOURCE).asText(""), cam.path(WIDTH).asInt(0),
                cam.path(HEIGHT).asInt(0), cam.path(FPS).asDouble(0), cam.path(INPUT_FORMAT).asText(""),
                cam.path("device_timestamps").asBoolean(false));
        Integer quality = cam.path(JPEG_QUALITY).isInt() ? cam.path(JPEG_QUALITY).asInt() : null;
        double latencyMs = Math.max(0, cam.path(LATENCY_MS).asDouble(0));
        LatencySource source = LatencySource.parse(cam.path(LATENCY_SOURCE).asText(""));
        EpisodeSpec.CameraLatency latency = new EpisodeSpec.CameraLatency(latencyMs,
                source != null ? source : latencyMs > 0 ? LatencySource.OPTION : LatencySource.NONE);
        JsonNode ctl = meta.path(CONTROLLER);
        List<String> channels;
        try {
            channels = Controls.read(dir).channels();
        } catch (EpisodeReadException e) {
            channels = Episodes.DEFAULT_CHANNELS;
        }
        EpisodeSpec.Controller controller = new EpisodeSpec.Controller(ctl.path(PORT).asText(""),
                ctl.path(BAUD).asInt(115200), ctl.path(HELLO).isTextual() ? ctl.path(HELLO).asText() : null, channels,
                ctl.path("channels_from_hello").asBoolean(ctl.path(HELLO).isTextual()));
        JsonNode session = meta.path(SESSION);
        EpisodeSpec.SessionRef ref = session.isObject()
                ? new EpisodeSpec.SessionRef(session.path(ID).asText(""), session.path(EPISODE_INDEX).asInt(0)) : null;
        Map<String, Object> writer = new HashMap<>();
        meta.path("writer").fields().forEachRemaining(e -> writer.put(e.getKey(), e.getValue()));
        return new EpisodeSpec(meta.path(EPISODE_ID).asText(dir.getFileName().toString()), dir, base, format,
                quality, latency, controller, ref, writer);
    }

    private static List<Outage> outages(JsonNode meta) {
        List<Outage> outages = new ArrayList<>();
        for (JsonNode o : meta.path(OUTAGES)) {
            outages.add(new Outage(o.path(DEVICE).asText(""), o.path(FROM_NS).asLong(0),
                    o.path(TO_NS).isNumber() ? o.path(TO_NS).asLong() : null));
        }
        return outages;
    }
}
