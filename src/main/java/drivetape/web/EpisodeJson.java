package drivetape.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.align.AlignCounts;
import drivetape.dataset.Controls;
import drivetape.dataset.Dataset;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Excluded;
import drivetape.dataset.Frames;
import drivetape.format.Meta;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The episodes as JSON: the list ({@code /api/episodes}) and one episode for the review page. */
final class EpisodeJson {
    /** A plot needs no more points per channel than a screen has pixels, times a few. */
    static final int MAX_PLOT_POINTS = 4000;

    private EpisodeJson() {
    }

    static ArrayNode list(ObjectMapper json, List<Dataset.Entry> entries, String recording) {
        ArrayNode list = json.createArrayNode();
        for (Dataset.Entry e : entries) {
            ObjectNode o = list.addObject();
            JsonNode m = e.metadata();
            o.put("id", e.id());
            o.put("status", e.status() == null ? m.path(Meta.STATUS).asText(null) : e.status().value());
            o.put("started_at", e.startedAt());
            o.put("duration_s", m.path(Meta.DURATION_S).asDouble(0));
            o.put("frames", m.path(Meta.COUNTS).path(Meta.FRAMES).asLong(0));
            o.put("sync_status", m.path(Meta.SYNC_QUALITY).path("status").asText(null));
            o.put("excluded_frames", excludedCount(e.directory()));
            o.put("recording", e.id().equals(recording));
        }
        return list;
    }

    private static long excludedCount(Path directory) {
        try {
            return Excluded.read(directory).frameCount();
        } catch (IOException unreadable) {
            return -1;
        }
    }

    /**
     * One episode for the review page: its frames (index, time from the start in ms, file or null when not
     * written), every channel's samples (thinned to {@link #MAX_PLOT_POINTS}), the excluded ranges.
     *
     * @param alignedRows rows of aligned.csv as it is now, -1 when there is none
     */
    static ObjectNode detail(ObjectMapper json, String id, Episode episode, Excluded excluded, int alignedRows) {
        ObjectNode o = json.createObjectNode();
        JsonNode m = episode.metadata();
        o.put("id", id);
        o.put("status", m.path(Meta.STATUS).asText(null));
        o.put("started_at", m.path(Meta.STARTED_AT).asText(null));
        o.put("duration_s", m.path(Meta.DURATION_S).asDouble(0));
        o.put("sync_status", m.path(Meta.SYNC_QUALITY).path("status").asText(null));
        if (alignedRows >= 0) {
            o.put("aligned_rows", alignedRows);
        }
        long start = episode.startNs();
        Frames f = episode.frames();
        ObjectNode frames = o.putObject("frames");
        ArrayNode index = frames.putArray("index");
        ArrayNode tMs = frames.putArray("t_ms");
        ArrayNode file = frames.putArray("file");
        for (int i = 0; i < f.size(); i++) {
            index.add(f.index(i));
            tMs.add(ms(f.tNs(i) - start));
            if (f.written(i)) {
                file.add(Path.of(f.file(i)).getFileName().toString());
            } else {
                file.addNull();
            }
        }
        Controls c = episode.controls();
        ObjectNode channels = o.putObject("channels");
        int step = Math.max(1, (c.size() + MAX_PLOT_POINTS - 1) / MAX_PLOT_POINTS);
        int[] order = c.orderByTime();
        for (int ch = 0; ch < c.channels().size(); ch++) {
            ObjectNode series = channels.putObject(c.channels().get(ch));
            ArrayNode t = series.putArray("t_ms");
            ArrayNode v = series.putArray("value");
            for (int k = 0; k < order.length; k += step) {
                t.add(ms(c.tNs(order[k]) - start));
                v.add(c.value(ch, order[k]));
            }
        }
        o.set("excluded", ranges(json, excluded));
        return o;
    }

    static ArrayNode ranges(ObjectMapper json, Excluded excluded) {
        ArrayNode a = json.createArrayNode();
        for (Excluded.Range r : excluded.ranges()) {
            a.addArray().add(r.first()).add(r.last());
        }
        return a;
    }

    /** The answer to an exclude or restore: the ranges now, and what aligned.csv holds. */
    static ObjectNode changed(ObjectMapper json, Excluded excluded, AlignCounts counts) {
        ObjectNode o = json.createObjectNode();
        o.set("excluded", ranges(json, excluded));
        o.put("excluded_frames", excluded.frameCount());
        o.put("aligned_rows", counts.rows());
        return o;
    }

    private static double ms(long ns) {
        return Math.round(ns / 1e4) / 100.0;
    }

    static EpisodeReadException notFound(String id) {
        return new EpisodeReadException("no episode '" + id + "'");
    }
}
