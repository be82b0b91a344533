package drivetape.episode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import drivetape.timing.ClockFit;
import drivetape.timing.LatencyHistogram;
import drivetape.timing.SegmentFit;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
final class MetadataFile {
    static final String FORMAT = "episode/1";
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    // Configured once and only read after: thread-safe, and its class loading is paid once (see warmUp).
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // Facts about this machine that do not change while the process runs; the name lookup can be slow.
    private static final Map<String, Object> HOST = map("hostname", hostname(),
            "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "java", System.getProperty("java.version"),
            "cores", Runtime.getRuntime().availableProcessors());
    private final EpisodeInfo info;
    private final Map<String, Object> writerSettings;
    private final Path file;
    private final Path temporary;

    /** Loads and runs the JSON writer once, so the first real metadata.json costs nothing extra. */
    static void warmUp() throws IOException {
        JSON.writeValueAsBytes(map("warm", 1.5, "up", java.util.List.of(1)));
    }

    MetadataFile(EpisodeInfo info, Map<String, Object> writerSettings) {
        this.info = info;
        this.writerSettings = writerSettings;
        this.file = info.directory().resolve("metadata.json");
        this.temporary = info.directory().resolve("metadata.json.tmp");
    }

    void write(EpisodeTally tally, long endEpochNs) throws IOException {
        byte[] document = JSON.writeValueAsBytes(document(tally, endEpochNs));
        Files.write(temporary, document);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Map<String, Object> document(EpisodeTally t, long endEpochNs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("episode_id", info.episodeId());
        m.put("status", t.status());
        m.put("started_at", iso(info.timeBase().epochNsAtStart()));
        // While recording this is the latest update: after a crash it is when the data ends.
        m.put("ended_at", iso(endEpochNs));
        m.put("duration_s", round(t.durationS(), 3));
        m.put("time_base", map("epoch_ns_at_start", info.timeBase().epochNsAtStart(),
                "monotonic_ns_at_start", info.timeBase().monotonicNsAtStart(),
                "clock", "CLOCK_MONOTONIC anchored to CLOCK_REALTIME once at start"));
        m.put("camera", map("source", info.camera().source(), "width", info.camera().width(),
                "height", info.camera().height(), "fps", info.camera().fps(),
                "input_format", info.camera().isJpeg() ? "mjpeg" : info.camera().inputFormat(),
                "jpeg_quality", info.jpegQuality(),
                "device_timestamps", info.camera().hasDeviceTimestamps(),
                "latency_ms", info.cameraLatencyMs()));
        m.put("controller", map("port", info.controllerPort(), "baud", info.baud(), "hello", t.hello(),
                "channels", t.channels(), "channels_from_hello", !t.channelsGuessed()));
        m.put("counts", map("controls", t.controls(), "events", t.events(), "frames", t.frames(),
                "frames_written", t.framesWritten(), "frames_dropped", t.framesDropped(),
                "write_errors", t.writeErrors(), "bad_lines", t.badLines(), "lost_samples", t.lostSamples(),
                "noise_lines", t.noiseLines(), "board_resets", t.boardResets(),
                "frames_before_start", t.framesBeforeStart()));
        m.put("drops", map("queue_full", t.droppedQueueFull(), "shutdown_timeout", t.droppedShutdown(),
                "write_error", t.writeErrors()));
        m.put("rates", map("control_hz", round(t.controlHz(), 3), "frame_hz", round(t.frameHz(), 3),
                "expected_control_hz", t.expectedControlHz(), "expected_frame_hz", t.expectedFrameHz()));
        m.put("clock", map("method", t.clock().method(), "drift_ppm", round(t.clock().driftPpm(), 1),
                "offset_ns", t.clock().offsetNs(), "residual_p99_ms", round(t.clock().residualP99Ms(), 3),
                "segments", t.clock().segments(), "times_refined_at_end", t.controlTimesRefined(),
                "per_segment", perSegment(t.clock())));
        Map<String, Object> sync = map(
                "max_offset_ms", round(t.syncQuality().maxOffsetMs(), 3),
                "avg_control_interval_ms", round(t.syncQuality().avgControlIntervalMs(), 3),
                "avg_frame_interval_ms", round(t.syncQuality().avgFrameIntervalMs(), 3),
                "control_jitter_ms", round(t.syncQuality().controlJitterMs(), 3),
                "frame_jitter_ms", round(t.syncQuality().frameJitterMs(), 3),
                "status", t.syncQuality().status());
        sync.put("control_interval_p50_ms", round(t.controlIntervals().p50Ms(), 3));
        sync.put("control_interval_p99_ms", round(t.controlIntervals().p99Ms(), 3));
        sync.put("frame_interval_p50_ms", round(t.frameIntervals().p50Ms(), 3));
        sync.put("frame_interval_p99_ms", round(t.frameIntervals().p99Ms(), 3));
        m.put("sync_quality", sync);
        if (t.aligned() != null) {
            m.put("aligned", map("rows", t.aligned().rows(), "frames_left_out", t.aligned().leftOut(),
                    "no_control_within_100ms", t.aligned().noControlNear(), "no_signal", t.aligned().noSignal()));
        } else if (t.alignProblem() != null) {
            m.put("aligned", map("problem", t.alignProblem()));
        }
        LatencyHistogram pipeline = t.framePipelineLatency();
        m.put("frame_pipeline_latency_ms", map("what", "receive_ns - t_ns per frame",
                "p50", round(pipeline.percentileMs(0.50), 2), "p99", round(pipeline.percentileMs(0.99), 2),
                "max", round(pipeline.maxMs(), 2), "min", round(pipeline.minMs(), 2)));
        m.put("writer", writerSettings);
        if (t.problem() != null) {
            m.put("problem", t.problem());
        }
        m.put("host", HOST);
        m.put("updated_at", iso(endEpochNs));
        return m;
    }

    private static List<Map<String, Object>> perSegment(ClockFit fit) {
        List<Map<String, Object>> segments = new ArrayList<>();
        for (SegmentFit s : fit.perSegment()) {
            segments.add(map("segment", s.segment(), "samples", s.samples(), "first_device_us", s.firstDeviceUs(),
                    "duration_s", round(s.durationS(), 3), "drift_ppm", round(s.driftPpm(), 1),
                    "offset_ns", s.offsetNs()));
        }
        return segments;
    }

    static String iso(long epochNs) {
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
