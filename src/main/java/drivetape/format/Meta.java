package drivetape.format;

/**
 * metadata.json's keys (episode format 1, and the ones drivetape adds), written down once for the writer
 * and every reader.
 */
public final class Meta {
    public static final String FORMAT = "format";
    public static final String EPISODE_ID = "episode_id";
    public static final String STATUS = "status";
    public static final String STARTED_AT = "started_at";
    public static final String ENDED_AT = "ended_at";
    public static final String DURATION_S = "duration_s";
    public static final String TIME_BASE = "time_base";
    public static final String EPOCH_NS_AT_START = "epoch_ns_at_start";
    public static final String MONOTONIC_NS_AT_START = "monotonic_ns_at_start";
    public static final String CAMERA = "camera";
    public static final String CONTROLLER = "controller";
    public static final String COUNTS = "counts";
    public static final String RATES = "rates";
    public static final String CLOCK = "clock";
    public static final String SYNC_QUALITY = "sync_quality";
    public static final String SESSION = "session";
    public static final String OUTAGES = "outages";
    public static final String RECOVERED_AT = "recovered_at";
    public static final String DROPS = "drops";
    public static final String ALIGNED = "aligned";
    public static final String PROBLEM = "problem";

    // Inside camera
    public static final String SOURCE = "source";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String FPS = "fps";
    public static final String INPUT_FORMAT = "input_format";
    public static final String JPEG_QUALITY = "jpeg_quality";
    public static final String LATENCY_MS = "latency_ms";
    public static final String LATENCY_SOURCE = "latency_source";

    // Inside controller
    public static final String PORT = "port";
    public static final String BAUD = "baud";
    public static final String HELLO = "hello";
    public static final String CHANNELS = "channels";

    // Inside counts
    public static final String CONTROLS = "controls";
    public static final String EVENTS = "events";
    public static final String FRAMES = "frames";
    public static final String FRAMES_WRITTEN = "frames_written";
    public static final String FRAMES_DROPPED = "frames_dropped";
    public static final String WRITE_ERRORS = "write_errors";
    public static final String BAD_LINES = "bad_lines";
    public static final String LOST_SAMPLES = "lost_samples";

    // Inside rates
    public static final String CONTROL_HZ = "control_hz";
    public static final String FRAME_HZ = "frame_hz";
    public static final String EXPECTED_CONTROL_HZ = "expected_control_hz";
    public static final String EXPECTED_FRAME_HZ = "expected_frame_hz";

    // Inside session
    public static final String ID = "id";
    public static final String EPISODE_INDEX = "episode_index";

    // Inside outages
    public static final String DEVICE = "device";
    public static final String FROM_NS = "from_ns";
    public static final String TO_NS = "to_ns";

    // Inside clock: control rows read over 50 ms after their final t_ns (a backlog at the open, a stall)
    public static final String LATE_LINES = "late_lines";

    // Inside clock, from the two-way exchange (a board with caps=ping)
    public static final String BRACKET_MIN_MS = "bracket_min_ms";
    public static final String BRACKET_P50_MS = "bracket_p50_ms";
    public static final String BRACKET_P99_MS = "bracket_p99_ms";
    public static final String BRACKETS = "brackets";
    public static final String RTT_MIN_MS = "rtt_min_ms";
    public static final String RTT_P50_MS = "rtt_p50_ms";
    public static final String PINGS_SENT = "pings_sent";
    public static final String PONGS_RECEIVED = "pongs_received";

    // Inside sync_quality
    public static final String MAX_OFFSET_MS = "max_offset_ms";
    public static final String AVG_CONTROL_INTERVAL_MS = "avg_control_interval_ms";
    public static final String AVG_FRAME_INTERVAL_MS = "avg_frame_interval_ms";
    public static final String CONTROL_JITTER_MS = "control_jitter_ms";
    public static final String FRAME_JITTER_MS = "frame_jitter_ms";

    private Meta() {
    }
}
