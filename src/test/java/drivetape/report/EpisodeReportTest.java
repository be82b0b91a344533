package drivetape.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.dataset.TestEpisode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeReportTest {

    @TempDir
    Path dir;

    /**
     * Controls every 20 ms with one 60 ms gap (100 -> 160); frames every 25 ms from 0 to 200 with frames 2, 3
     * and 7 dropped; the time base starts 1 s before the data.
     */
    private TestEpisode handMade() {
        TestEpisode e = new TestEpisode(dir).startMs(-1000);
        for (double t : new double[] {0, 20, 40, 60, 80, 100, 160, 180, 200}) {
            e.control(t, 1.5, 1500, 1500);
        }
        for (int i = 0; i <= 8; i++) {
            if (i == 2 || i == 3 || i == 7) {
                e.droppedFrame(i * 25);
            } else {
                e.frame(i * 25);
            }
        }
        return e;
    }

    @Test
    void computesRatesPercentilesAndDropTimesFromTheFiles() throws IOException {
        handMade().metadata("\"rates\": {\"expected_control_hz\": 50.0}, \"camera\": {\"fps\": 40.0}, "
                + "\"counts\": {\"controls\": 9, \"frames\": 9, \"bad_lines\": 2, \"lost_samples\": 1, "
                + "\"write_errors\": 1}, \"drops\": {\"queue_full\": 2, \"write_error\": 1}, "
                + "\"clock\": {\"method\": \"fit\", \"drift_ppm\": 12.5, \"segments\": 2}").write();

        JsonNode json = EpisodeReport.read(dir).json();

        // Control intervals 20 x7 and 60 once: mean 25, worst deviation 35, nearest-rank p50 20, p95 60.
        JsonNode controls = json.path("controls");
        assertThat(controls.path("count").asInt()).isEqualTo(9);
        assertThat(controls.path("rate_hz").asDouble()).isEqualTo(40.0);
        assertThat(controls.path("expected_hz").asDouble()).isEqualTo(50.0);
        assertThat(controls.path("expected_from").asText()).isEqualTo("rates.expected_control_hz");
        JsonNode ci = controls.path("interval_ms");
        assertThat(ci.path("mean").asDouble()).isEqualTo(25.0);
        assertThat(ci.path("jitter").asDouble()).isEqualTo(35.0);
        assertThat(ci.path("p50").asDouble()).isEqualTo(20.0);
        assertThat(ci.path("p95").asDouble()).isEqualTo(60.0);
        assertThat(ci.path("p99").asDouble()).isEqualTo(60.0);
        assertThat(ci.path("max").asDouble()).isEqualTo(60.0);

        JsonNode frames = json.path("frames");
        assertThat(frames.path("count").asInt()).isEqualTo(9);
        assertThat(frames.path("written").asInt()).isEqualTo(6);
        assertThat(frames.path("dropped").asInt()).isEqualTo(3);
        assertThat(frames.path("rate_hz").asDouble()).isEqualTo(40.0);
        assertThat(frames.path("expected_hz").asDouble()).isEqualTo(40.0);
        assertThat(frames.path("expected_from").asText()).isEqualTo("camera.fps");
        assertThat(frames.path("interval_ms").path("p99").asDouble()).isEqualTo(25.0);

        // Dropped runs, in seconds from the time base's start (1 s before the data).
        JsonNode drops = json.path("drops");
        assertThat(drops).hasSize(2);
        assertThat(drops.get(0).path("first_index").asInt()).isEqualTo(2);
        assertThat(drops.get(0).path("last_index").asInt()).isEqualTo(3);
        assertThat(drops.get(0).path("frames").asInt()).isEqualTo(2);
        assertThat(drops.get(0).path("from_s").asDouble()).isEqualTo(1.050);
        assertThat(drops.get(0).path("to_s").asDouble()).isEqualTo(1.075);
        assertThat(drops.get(1).path("first_index").asInt()).isEqualTo(7);
        assertThat(drops.get(1).path("from_s").asDouble()).isEqualTo(1.175);
        assertThat(json.path("drop_reasons").path("queue_full").asInt()).isEqualTo(2);

        assertThat(json.path("errors").path("bad_lines").asInt()).isEqualTo(2);
        assertThat(json.path("errors").path("lost_samples").asInt()).isEqualTo(1);
        assertThat(json.path("errors").path("write_errors").asInt()).isEqualTo(1);
        assertThat(json.path("clock").path("drift_ppm").asDouble()).isEqualTo(12.5);
        assertThat(json.path("events").asInt()).isZero();
    }

    @Test
    void recomputesTheDesignNoteSyncQuality() throws IOException {
        handMade().metadata("\"sync_quality\": {\"max_offset_ms\": 25.0, \"avg_control_interval_ms\": 25.0, "
                + "\"avg_frame_interval_ms\": 25.0, \"control_jitter_ms\": 35.0, \"frame_jitter_ms\": 0.0, "
                + "\"status\": \"GOOD\"}").write();

        EpisodeReport report = EpisodeReport.read(dir);

        // Frame 125 ms is 25 ms from the samples at 100 and 160 (and dropped frames count: they were captured).
        assertThat(report.sync().maxOffsetMs()).isCloseTo(25.0, within(1e-9));
        assertThat(report.sync().controlJitterMs()).isCloseTo(35.0, within(1e-9));
        assertThat(report.sync().frameJitterMs()).isCloseTo(0.0, within(1e-9));
        assertThat(report.sync().status()).isEqualTo("GOOD");
        assertThat(report.syncMatchesMetadata()).isTrue();
        assertThat(report.json().path("sync_quality").path("max_offset_ms").asDouble()).isEqualTo(25.0);
        assertThat(report.text()).contains("sync       GOOD  max offset 25.00 ms");
    }

    @Test
    void flagsMetadataThatDisagreesWithTheFiles() throws IOException {
        handMade().metadata("\"sync_quality\": {\"max_offset_ms\": 3.0, \"status\": \"GOOD\"}, "
                + "\"counts\": {\"controls\": 12, \"frames\": 9}").write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.syncMatchesMetadata()).isFalse();
        assertThat(report.text()).contains("metadata.json says otherwise");
        assertThat(report.notes()).contains("metadata.json counts 12 controls but controls.csv has 9 rows");
    }

    @Test
    void takesTheExpectedControlRateFromTheHelloLineWhenMetadataHasNone() throws IOException {
        handMade().metadata("\"controller\": {\"hello\": \"#hello proto=1 fw=1.2 channels=steering,throttle "
                + "rate_hz=50\"}").write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.controls().expectedHz()).isEqualTo(50.0);
        assertThat(report.controls().expectedFrom()).isEqualTo("hello rate_hz");
        assertThat(report.frames().expectedHz()).isZero();
        assertThat(report.json().path("frames").path("expected_hz").isNull()).isTrue();
        assertThat(report.json().path("errors").path("bad_lines").isNull()).isTrue();
    }

    @Test
    void reportsAlignedRowsAndWhetherTheFileIsThere() throws IOException {
        handMade().write();

        EpisodeReport before = EpisodeReport.read(dir);
        assertThat(before.aligned()).isEqualTo(new AlignCounts(6, 0, 3, 0, 0));
        assertThat(before.alignedFileRows()).isNull();
        assertThat(before.notes()).anyMatch(n -> n.startsWith("no aligned.csv"));

        AlignedTable.write(dir);
        JsonNode after = EpisodeReport.read(dir).json().path("aligned");
        assertThat(after.path("rows").asInt()).isEqualTo(6);
        assertThat(after.path("not_written").asInt()).isEqualTo(3);
        assertThat(after.path("file_rows").asInt()).isEqualTo(6);
        assertThat(EpisodeReport.read(dir).notes()).isEmpty();
    }

    @Test
    void textIsAnAlignedBlockAndTheSummaryHasOneLinePerTopic() throws IOException {
        handMade().metadata("\"rates\": {\"expected_control_hz\": 50.0, \"expected_frame_hz\": 40.0}, "
                + "\"counts\": {\"bad_lines\": 0, \"lost_samples\": 0, \"write_errors\": 0}, "
                + "\"clock\": {\"method\": \"fit\", \"drift_ppm\": 12.5}").write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.text()).contains(
                "controls   9 samples at 40.0 Hz (expected 50.0 Hz, rates.expected_control_hz)",
                "           interval p50 20.00  p95 60.00  p99 60.00  max 60.00 ms",
                "drops      2 runs: 1.05-1.08 s (2 frames), 1.18 s",
                "clock      method=fit drift_ppm=12.5");
        String[] summary = report.summary().split("\\R");
        assertThat(summary).hasSize(5);
        assertThat(summary[0])
                .isEqualTo("sync      GOOD: 25.00 ms max offset; jitter 35.00 ms controls, 0.00 ms frames");
        assertThat(summary[1]).isEqualTo("controls  9 at 40.0 Hz (expected 50.0 Hz, rates.expected_control_hz); "
                + "interval p99 60.00 ms; 0 bad lines, 0 lost samples");
        assertThat(summary[2]).isEqualTo("frames    9 at 40.0 fps (expected 40.0 fps, rates.expected_frame_hz); "
                + "interval p99 25.00 ms; 3 dropped in 2 runs from 1.05 s; 0 write errors");
        assertThat(summary[3]).isEqualTo("clock     method=fit drift_ppm=12.5");
        assertThat(summary[4]).isEqualTo("aligned   6 rows; left out 3 of 9 frames (0 excluded, 3 not written, "
                + "0 no control within 100 ms, 0 no signal)");
    }

    @Test
    void theTwoWayClockGetsALineOfItsOwn() throws IOException {
        handMade().metadata("\"clock\": {\"method\": \"two_way\", \"drift_ppm\": 2500.1, \"bracket_min_ms\": 0.26, "
                + "\"bracket_p50_ms\": 0.93, \"bracket_p99_ms\": 4.352, \"brackets\": 62, \"rtt_min_ms\": 3.347, "
                + "\"rtt_p50_ms\": 4.23, \"pings_sent\": 71, \"pongs_received\": 62}").write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.text()).contains("clock      method=two_way drift_ppm=2500.1 bracket_min_ms=0.26",
                "two-way    bracket p50 0.93 ms, p99 4.35 ms, narrowest 0.26 ms (t_ns within half of it); "
                        + "round trip min 3.35 ms, p50 4.23 ms; 62 of 71 pings answered");
        assertThat(report.json().path("clock").path("pongs_received").asLong()).isEqualTo(62);
    }

    @Test
    void rowsThatWaitedInThePortAreCountedAndSaidSo() throws IOException {
        // A backlog read at the open (receive 300 ms): three rows waited more than 50 ms, one 49 ms.
        TestEpisode e = new TestEpisode(dir).startMs(-1000);
        for (double t : new double[] {0, 100, 200, 251}) {
            e.control(t, 300 - t, 1500, 1500);
        }
        for (double t : new double[] {320, 340}) {
            e.control(t, 1.5, 1500, 1500);
        }
        e.frame(300).write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.notes()).contains("3 control rows were read more than 50 ms after their t_ns: they"
                + " waited in the port before it was opened (a board that does not reset on open) or for a stalled"
                + " host; their t_ns comes from the clock fit, receive_ns is when they were read");
    }

    @Test
    void noRowsLateNoNote() throws IOException {
        handMade().write();
        assertThat(EpisodeReport.read(dir).notes()).noneMatch(n -> n.contains("control rows were read"));
    }

    @Test
    void aBoardThatNeverAnsweredIsSaidSo() throws IOException {
        handMade().metadata("\"clock\": {\"method\": \"lower_envelope\", \"bracket_min_ms\": null, "
                + "\"bracket_p50_ms\": null, \"bracket_p99_ms\": null, \"brackets\": 0, \"rtt_min_ms\": null, "
                + "\"rtt_p50_ms\": null, \"pings_sent\": 40, \"pongs_received\": 0}").write();

        assertThat(EpisodeReport.read(dir).text())
                .contains("two-way    40 pings sent, 0 answered, no bound from them: the clock is the envelope's");
    }

    @Test
    void compressesLongDropListsInTheText() throws IOException {
        TestEpisode e = new TestEpisode(dir).control(0, 1500, 1500);
        for (int i = 0; i < 40; i++) {
            if (i % 4 == 1) {
                e.droppedFrame(i * 10);
            } else {
                e.frame(i * 10);
            }
        }
        e.write();

        EpisodeReport report = EpisodeReport.read(dir);

        assertThat(report.drops()).hasSize(10);
        assertThat(report.text()).contains("drops      10 runs: 0.01 s, 0.05 s,").contains(", ... 2 more (see --json)");
    }
}
