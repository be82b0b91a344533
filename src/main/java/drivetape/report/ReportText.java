package drivetape.report;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.align.AlignCounts;
import drivetape.format.Meta;
import drivetape.timing.IntervalStats;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as text: a full block for {@code drivetape report}, a short one for the end of a recording. */
final class ReportText {
    private static final int MAX_DROP_RANGES_SHOWN = 8;

    private ReportText() {
    }

    static String full(EpisodeReport r) {
        Block b = new Block(11);
        b.line("episode", r.directory() + " (" + join(r.episodeId(), r.status(), f1(r.durationS()) + " s") + ")");
        b.line("channels", String.join(", ", r.channels()));
        b.line("sync", r.sync().status() + "  max offset " + f2(r.sync().maxOffsetMs()) + " ms");
        b.line("", "avg interval: controls " + f2(r.sync().avgControlIntervalMs()) + " ms, frames "
                + f2(r.sync().avgFrameIntervalMs()) + " ms");
        b.line("", "jitter:       controls " + f2(r.sync().controlJitterMs()) + " ms, frames "
                + f2(r.sync().frameJitterMs()) + " ms");
        if (Boolean.FALSE.equals(r.syncMatchesMetadata())) {
            b.line("", "metadata.json says otherwise: " + r.metadataSync());
        }
        StreamFigures c = r.controls();
        b.line("controls", c.count() + " samples at " + f1(c.rateHz()) + " Hz" + expected(c, "Hz"));
        b.line("", percentiles(c.intervals()));
        StreamFigures f = r.frames();
        b.line("frames", f.count() + " captured at " + f1(f.rateHz()) + " fps" + expected(f, "fps") + ", "
                + r.framesWritten() + " written, " + (f.count() - r.framesWritten()) + " dropped");
        b.line("", percentiles(f.intervals()));
        if (!r.drops().isEmpty()) {
            b.line("drops", dropList(r.drops()));
        }
        if (r.dropReasons().isObject()) {
            b.line(r.drops().isEmpty() ? "drops" : "", "reasons: " + keyValues(r.dropReasons(), " ", ", "));
        }
        b.line("events", r.events() < 0 ? "no events.csv" : Long.toString(r.events()));
        b.line("errors", "bad lines " + orUnknown(r.badLines()) + ", lost samples " + orUnknown(r.lostSamples())
                + ", write errors " + orUnknown(r.writeErrors()));
        b.line("clock", r.clock().isObject() ? keyValues(r.clock(), "=", " ") : "not in metadata.json");
        if (r.clock().has(Meta.PINGS_SENT)) {
            b.line("two-way", twoWay(r.clock()));
        }
        b.line("aligned", aligned(r.aligned()));
        b.line("", r.alignedFileRows() == null ? "aligned.csv: none yet"
                : "aligned.csv: " + r.alignedFileRows() + " rows on disk");
        for (String note : r.notes()) {
            b.line("note", note);
        }
        return b.toString();
    }

    static String summary(EpisodeReport r) {
        Block b = new Block(10);
        b.line("sync", r.sync().status() + ": " + f2(r.sync().maxOffsetMs()) + " ms max offset; jitter "
                + f2(r.sync().controlJitterMs()) + " ms controls, " + f2(r.sync().frameJitterMs()) + " ms frames");
        StreamFigures c = r.controls();
        b.line("controls", c.count() + " at " + f1(c.rateHz()) + " Hz" + expected(c, "Hz") + "; interval p99 "
                + f2(c.intervals().p99Ms()) + " ms; " + orUnknown(r.badLines()) + " bad lines, "
                + orUnknown(r.lostSamples()) + " lost samples");
        StreamFigures f = r.frames();
        int dropped = f.count() - r.framesWritten();
        String drops = dropped == 0 ? "no drops"
                : dropped + " dropped in " + r.drops().size() + (r.drops().size() == 1 ? " run" : " runs")
                + " from " + String.format(Locale.ROOT, "%.2f s", r.drops().get(0).fromS());
        b.line("frames", f.count() + " at " + f1(f.rateHz()) + " fps" + expected(f, "fps") + "; interval p99 "
                + f2(f.intervals().p99Ms()) + " ms; " + drops + "; " + orUnknown(r.writeErrors()) + " write errors");
        b.line("clock", r.clock().isObject() ? scalarKeyValues(r.clock()) : "not in metadata.json");
        b.line("aligned", aligned(r.aligned()));
        return b.toString();
    }

    private static String aligned(AlignCounts a) {
        return a.rows() + " rows; left out " + a.leftOut() + " of " + a.frames() + " frames ("
                + a.excluded() + " excluded, " + a.notWritten() + " not written, " + a.noControlNear() + " no control within 100 ms, "
                + a.noSignal() + " no signal)";
    }

    private static String expected(StreamFigures s, String unit) {
        return s.expectedHz() > 0 ? " (expected " + f1(s.expectedHz()) + " " + unit + ", " + s.expectedFrom() + ")"
                : " (expected rate unknown)";
    }

    private static String percentiles(IntervalStats i) {
        return String.format(Locale.ROOT, "interval p50 %.2f  p95 %.2f  p99 %.2f  max %.2f ms", i.p50Ms(),
                i.p95Ms(), i.p99Ms(), i.maxMs());
    }

    private static String dropList(List<DropRange> drops) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(drops.size(), MAX_DROP_RANGES_SHOWN); i++) {
            shown.add(drops.get(i).text());
        }
        String more = drops.size() > MAX_DROP_RANGES_SHOWN
                ? ", ... " + (drops.size() - MAX_DROP_RANGES_SHOWN) + " more (see --json)" : "";
        return drops.size() + (drops.size() == 1 ? " run: " : " runs: ") + String.join(", ", shown) + more;
    }

    /** An object's fields as "key=value key=value", whatever they are. */
    /** The short form: only the scalar keys (the full report shows lists such as per-segment fits too). */
    private static String scalarKeyValues(JsonNode object) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isValueNode()) {
                parts.add(field.getKey() + "=" + field.getValue().asText());
            }
        }
        return String.join(" ", parts);
    }

    /** The two-way clock in words: how tight the pongs bracketed the offset, and the round trips. */
    private static String twoWay(JsonNode clock) {
        if (clock.path(Meta.PONGS_RECEIVED).asLong() == 0 || clock.path(Meta.BRACKET_P50_MS).isNull()) {
            return clock.path(Meta.PINGS_SENT).asLong() + " pings sent, " + clock.path(Meta.PONGS_RECEIVED).asLong()
                    + " answered, no bound from them: the clock is the envelope's";
        }
        return "bracket p50 " + f2(clock.path(Meta.BRACKET_P50_MS).asDouble()) + " ms, p99 "
                + f2(clock.path(Meta.BRACKET_P99_MS).asDouble()) + " ms, narrowest "
                + f2(clock.path(Meta.BRACKET_MIN_MS).asDouble()) + " ms (t_ns within half of it); round trip min "
                + f2(clock.path(Meta.RTT_MIN_MS).asDouble()) + " ms, p50 " + f2(clock.path(Meta.RTT_P50_MS).asDouble())
                + " ms; " + clock.path(Meta.PONGS_RECEIVED).asLong() + " of " + clock.path(Meta.PINGS_SENT).asLong()
                + " pings answered";
    }

    private static String keyValues(JsonNode object, String between, String separator) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            parts.add(field.getKey() + between + (v.isValueNode() ? v.asText() : v.toString()));
        }
        return String.join(separator, parts);
    }

    private static String join(String... parts) {
        List<String> nonEmpty = new ArrayList<>();
        for (String part : parts) {
            if (!part.isEmpty()) {
                nonEmpty.add(part);
            }
        }
        return String.join(", ", nonEmpty);
    }

    private static String orUnknown(Long count) {
        return count == null ? "?" : count.toString();
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Lines of "label  text", labels padded to one width (like git's and ffprobe's summaries). */
    private static final class Block {
        private final int width;
        private final StringBuilder text = new StringBuilder();

        Block(int width) {
            this.width = width;
        }

        void line(String label, String value) {
            if (text.length() > 0) {
                text.append(System.lineSeparator());
            }
            text.append(String.format(Locale.ROOT, "%-" + width + "s", label)).append(value);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
