package drivetape.episode;

import static drivetape.format.Meta.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drivetape.format.AtomicFile;
import drivetape.format.EpisodeFiles;
import drivetape.timing.ClockFit;
import drivetape.timing.IntervalStats;
import drivetape.timing.LatencyHistogram;
import drivetape.timing.SegmentFit;
import drivetape.timing.SyncQuality;
import drivetape.timing.TwoWay;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes metadata.json (format episode/1) atomically: a temporary file renamed over the old one, so a
 * reader or a crash never sees half a document.
 */
public final class MetadataFile {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // Configured once and only read after: thread-safe, and its class loading is paid once (see warmUp).
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // Facts about this machine that do not change while the process runs; the name lookup can be slow.
    private static final Map<String, Object> HOST = map("hostname", hostname(),
            "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "java", System.getProperty("java.version"),
            "cores", Runtime.getRuntime().availableProcessors());

    private final EpisodeSpec spec;
    private final Path file;

    /** Loads and runs the JSON writer once, so the first real metadata.json costs nothing extra. */
    public static void warmUp() {
        try {
            JSON.writeValueAsBytes(map("warm", 1.5, "up", List.of(1)));
        } catch (IOException e) {
            // Only a warm-up: the real write reports its own problems.
        }
    }

    public MetadataFile(EpisodeSpec spec) {
        this.spec = spec;
        this.file = spec.directory().resolve(EpisodeFiles.METADATA);
    }

    /**
     * @param endEpochNs the latest moment the figures cover: now while recording (after a crash it is when
     *                   the data ends), the end once finished
     * @param sync also push the new document to the device before it replaces the old one
     */
    public void write(EpisodeFigures figures, long endEpochNs, boolean sync) throws IOException {
        AtomicFile.write(file, JSON.writeValueAsBytes(document(figures, endEpochNs)), sync);
    }

    private Map<String, Object> document(EpisodeFigures t, long endEpochNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FORMAT, EpisodeFiles.FORMAT);
        m.put(EPISODE_ID, spec.episodeId());
        m.put(STATUS, t.status().value());
        m.put(STARTED_AT, iso(spec.timeBase().epochNsAtStart()));
        m.put(ENDED_AT, iso(endEpochNs));
        m.put(DURATION_S, round(t.durationS(), 3));
        m.put(TIME_BASE, map(EPOCH_NS_AT_START, spec.timeBase().epochNsAtStart(),
                MONOTONIC_NS_AT_START, spec.timeBase().monotonicNsAtStart(),
                "clock", "CLOCK_MONOTONIC anchored to CLOCK_REALTIME once at start"));
        if (spec.session() != null) {
            m.put(SESSION, map(ID, spec.session().id(), EPISODE_INDEX, spec.session().episodeIndex()));
        }
        m.put(CAMERA, map(SOURCE, spec.camera().source(), WIDTH, spec.camera().width(),
                HEIGHT, spec.camera().height(), FPS, spec.camera().fps(),
                INPUT_FORMAT, spec.camera().isJpeg() ? "mjpeg" : spec.camera().inputFormat(),
                JPEG_QUALITY, spec.jpegQuality(),
                "device_timestamps", spec.camera().hasDeviceTimestamps(),
                LATENCY_MS, spec.cameraLatency().latencyMs(), LATENCY_SOURCE, spec.cameraLatency().source().value()));
        EpisodeSpec.Controller controller = t.controller();
        m.put(CONTROLLER, map(PORT, controller.port(), BAUD, controller.baud(), HELLO, controller.hello(),
                CHANNELS, controller.channels(), "channels_from_hello", controller.channelsFromHello()));
        ControlCounts c = t.controls();
        FrameCounts f = t.frames();
        m.put(COUNTS, map(CONTROLS, c.samples(), EVENTS, c.events(), FRAMES, f.captured(),
                FRAMES_WRITTEN, f.written(), FRAMES_DROPPED, f.dropped(), WRITE_ERRORS, f.writeErrors(),
                BAD_LINES, c.badLines(), LOST_SAMPLES, c.lostSamples(), "noise_lines", c.noiseLines(),
                "board_resets", c.boardResets()));
        m.put(DROPS, map("queue_full", f.droppedQueueFull(), "shutdown_timeout", f.droppedShutdown(),
                "write_error", f.writeErrors()));
        m.put(RATES, map(CONTROL_HZ, round(t.controlIntervals().rateHz(), 3),
                FRAME_HZ, round(t.frameIntervals().rateHz(), 3),
                EXPECTED_CONTROL_HZ, expectedControlHz(controller), EXPECTED_FRAME_HZ, spec.camera().fps()));
        m.put(CLOCK, clock(t.clock()));
        m.put(SYNC_QUALITY, sync(t.sync(), t.controlIntervals(), t.frameIntervals()));
        if (t.aligned() != null && t.aligned().counts() != null) {
            var a = t.aligned().counts();
            m.put(ALIGNED, map("rows", a.rows(), "frames_left_out", a.leftOut(), "excluded", a.excluded(),
                    "not_written", a.notWritten(), "no_control_within_100ms", a.noControlNear(),
                    "no_signal", a.noSignal()));
        } else if (t.aligned() != null) {
            m.put(ALIGNED, map(PROBLEM, t.aligned().problem()));
        }
        LatencyHistogram pipeline = t.framePipelineLatency();
        if (pipeline != null) {
            m.put("frame_pipeline_latency_ms", map("what", "receive_ns - t_ns per frame",
                    "p50", round(pipeline.percentileMs(0.50), 2), "p99", round(pipeline.percentileMs(0.99), 2),
                    "max", round(pipeline.maxMs(), 2), "min", round(pipeline.minMs(), 2)));
        }
        if (!t.outages().isEmpty()) {
            List<Map<String, Object>> outages = new ArrayList<>();
            for (Outage o : t.outages()) {
                outages.add(map(DEVICE, o.device(), FROM_NS, o.fromNs(), TO_NS, o.toNs()));
            }
            m.put(OUTAGES, outages);
        }
        if (t.recovered() != null) {
            EpisodeFigures.Recovered r = t.recovered();
            m.put(RECOVERED_AT, r.at());
            m.put("recovery", map("cut_lines_dropped", r.cutLines(), "broken_frames", r.brokenFrames(),
                    "part_files_removed", r.partFiles(), "frame_files_without_row", r.orphanFrames()));
        }
        m.put("writer", spec.writerSettings());
        if (t.problem() != null) {
            m.put(PROBLEM, t.problem());
        }
        m.put("host", HOST);
        m.put("updated_at", iso(endEpochNs));
        return m;
    }

    private static double expectedControlHz(EpisodeSpec.Controller controller) {
        drivetape.serial.Hello hello = controller.hello() == null ? null
                : drivetape.serial.Hello.parse(controller.hello().substring(1));
        return hello == null ? 0.0 : hello.rateHz();
    }

    private static Map<String, Object> clock(EpisodeFigures.Clock clock) {
        ClockFit fit = clock.fit();
        Map<String, Object> m = map("method", fit.method(), "drift_ppm", round(fit.driftPpm(), 1),
                "offset_ns", fit.offsetNs(), "residual_p99_ms", round(fit.residualP99Ms(), 3),
                "segments", fit.segments(), "times_refined_at_end", clock.timesRefined());
        if (clock.lateLines() != null) {
            m.put(LATE_LINES, clock.lateLines());
        }
        List<Map<String, Object>> segments = new ArrayList<>();
        for (SegmentFit s : fit.perSegment()) {
            segments.add(map("segment", s.segment(), "samples", s.samples(), "first_device_us", s.firstDeviceUs(),
                    "duration_s", round(s.durationS(), 3), "drift_ppm", round(s.driftPpm(), 1),
                    "offset_ns", s.offsetNs()));
        }
        m.put("per_segment", segments);
        TwoWay w = fit.twoWay();
        if (w != null) {
            // Figures of nothing are left out (null), not written as 0: a bracket of 0 ms would read as perfect.
            m.put(BRACKET_MIN_MS, w.bounds() == 0 ? null : round(w.bracketMinMs(), 3));
            m.put(BRACKET_P50_MS, w.bounds() == 0 ? null : round(w.bracketP50Ms(), 3));
            m.put(BRACKET_P99_MS, w.bounds() == 0 ? null : round(w.bracketP99Ms(), 3));
            m.put(BRACKETS, w.bounds());
            m.put(RTT_MIN_MS, w.pongsReceived() == 0 ? null : round(w.rttMinMs(), 3));
            m.put(RTT_P50_MS, w.pongsReceived() == 0 ? null : round(w.rttP50Ms(), 3));
            m.put(PINGS_SENT, w.pingsSent());
            m.put(PONGS_RECEIVED, w.pongsReceived());
        }
        return m;
    }

    private static Map<String, Object> sync(SyncQuality s, IntervalStats controls, IntervalStats frames) {
        Map<String, Object> m = map(MAX_OFFSET_MS, round(s.maxOffsetMs(), 3),
                AVG_CONTROL_INTERVAL_MS, round(s.avgControlIntervalMs(), 3),
                AVG_FRAME_INTERVAL_MS, round(s.avgFrameIntervalMs(), 3),
                CONTROL_JITTER_MS, round(s.controlJitterMs(), 3),
                FRAME_JITTER_MS, round(s.frameJitterMs(), 3),
                STATUS, s.status());
        m.put("control_interval_p50_ms", round(controls.p50Ms(), 3));
        m.put("control_interval_p99_ms", round(controls.p99Ms(), 3));
        m.put("frame_interval_p50_ms", round(frames.p50Ms(), 3));
        m.put("frame_interval_p99_ms", round(frames.p99Ms(), 3));
        return m;
    }

    public static String iso(long epochNs) {
        return ISO_MILLIS.format(Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L),
                Math.floorMod(epochNs, 1_000_000_000L)));
    }

    private static double round(double value, int places) {
        if (!Double.isFinite(value)) {
            return 0.0;
        }
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
