package drivetape.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.timing.IntervalStats;

/** The report as one JSON object; times in ms, rates in Hz, drop times in s from the start. */
final class ReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {
    }

    static ObjectNode of(EpisodeReport r) {
        ObjectNode o = NODES.objectNode();
        o.put("episode", r.directory().toString());
        o.put("episode_id", r.episodeId());
        o.put("status", r.status());
        o.put("duration_s", round(r.durationS()));
        o.set("channels", NODES.arrayNode().addAll(r.channels().stream().map(NODES::textNode).toList()));
        ObjectNode sync = o.putObject("sync_quality");
        sync.put("max_offset_ms", round(r.sync().maxOffsetMs()));
        sync.put("avg_control_interval_ms", round(r.sync().avgControlIntervalMs()));
        sync.put("avg_frame_interval_ms", round(r.sync().avgFrameIntervalMs()));
        sync.put("control_jitter_ms", round(r.sync().controlJitterMs()));
        sync.put("frame_jitter_ms", round(r.sync().frameJitterMs()));
        sync.put("status", r.sync().status());
        o.put("sync_quality_matches_metadata", r.syncMatchesMetadata());
        stream(o.putObject("controls"), r.controls());
        ObjectNode frames = stream(o.putObject("frames"), r.frames());
        frames.put("written", r.framesWritten());
        frames.put("dropped", r.frames().count() - r.framesWritten());
        var drops = o.putArray("drops");
        for (DropRange d : r.drops()) {
            ObjectNode range = drops.addObject();
            range.put("first_index", d.firstIndex());
            range.put("last_index", d.lastIndex());
            range.put("frames", d.frames());
            range.put("from_s", round(d.fromS()));
            range.put("to_s", round(d.toS()));
        }
        o.set("drop_reasons", orNull(r.dropReasons()));
        if (r.events() >= 0) {
            o.put("events", r.events());
        } else {
            o.putNull("events");
        }
        ObjectNode errors = o.putObject("errors");
        errors.put("bad_lines", r.badLines());
        errors.put("lost_samples", r.lostSamples());
        errors.put("write_errors", r.writeErrors());
        o.set("clock", orNull(r.clock()));
        ObjectNode aligned = o.putObject("aligned");
        aligned.put("rows", r.aligned().rows());
        aligned.put("excluded", r.aligned().excluded());
        aligned.put("not_written", r.aligned().notWritten());
        aligned.put("no_control_within_100ms", r.aligned().noControlNear());
        aligned.put("no_signal", r.aligned().noSignal());
        aligned.put("file_rows", r.alignedFileRows());
        o.set("notes", NODES.arrayNode().addAll(r.notes().stream().map(NODES::textNode).toList()));
        return o;
    }

    private static ObjectNode stream(ObjectNode o, StreamFigures s) {
        o.put("count", s.count());
        o.put("rate_hz", round(s.rateHz()));
        if (s.expectedHz() > 0) {
            o.put("expected_hz", s.expectedHz());
            o.put("expected_from", s.expectedFrom());
        } else {
            o.putNull("expected_hz");
            o.putNull("expected_from");
        }
        IntervalStats i = s.intervals();
        ObjectNode intervals = o.putObject("interval_ms");
        intervals.put("count", i.intervals());
        intervals.put("mean", round(i.meanMs()));
        intervals.put("jitter", round(i.jitterMs()));
        intervals.put("p50", round(i.p50Ms()));
        intervals.put("p95", round(i.p95Ms()));
        intervals.put("p99", round(i.p99Ms()));
        intervals.put("max", round(i.maxMs()));
        return o;
    }

    private static JsonNode orNull(JsonNode node) {
        return node.isMissingNode() ? NODES.nullNode() : node;
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000.0) / 1000.0 : 0.0;
    }
}
