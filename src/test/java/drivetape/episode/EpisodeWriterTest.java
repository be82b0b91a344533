package drivetape.episode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.camera.FrameFormat;
import drivetape.camera.JpegEncoder;
import drivetape.format.EpisodeStatus;
import drivetape.handoff.FramePool;
import drivetape.handoff.FrameSlot;
import drivetape.handoff.Wakeup;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import drivetape.serial.ControlRecord;
import drivetape.serial.ReaderCounters;
import drivetape.serial.RecordKind;
import drivetape.timing.ClockFit;
import drivetape.timing.SegmentTimeMapping;
import drivetape.timing.TimeBase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The episode sinks end to end: a feed in, the files of the format out, through the real threads. */
class EpisodeWriterTest {
    private static final TimeBase BASE = new TimeBase(1_700_000_000_000_000_000L, 0);
    private static final long T0 = BASE.epochNsAtStart();
    private static final byte[] FAKE_JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    private final ObjectMapper json = new ObjectMapper();
    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** The frame pool, the writers, the episode thread and the finisher, as a session wires them. */
    private static final class Pipeline implements AutoCloseable {
        final FramePool pool;
        final FrameWriterPool writers;
        final EpisodeThread thread;
        final LinkedBlockingQueue<EpisodeResult> finished = new LinkedBlockingQueue<>();
        final AgentRunner threadRunner;
        final AgentRunner finisherRunner;

        Pipeline(int slots, Supplier<JpegEncoder> encoders, boolean raw, long writerTimeoutMillis)
                throws InterruptedException {
            Wakeup wakeup = new Wakeup();
            pool = new FramePool(slots, 1 << 20);
            writers = new FrameWriterPool(pool, encoders, 90, true, wakeup);
            writers.start(1, raw);
            EpisodeFinisher finisher = new EpisodeFinisher(finished::add);
            thread = new EpisodeThread(wakeup, () -> new ClockFit("test", 0, 0, 0, 1, 0), writers, finisher,
                    writerTimeoutMillis, true);
            finisherRunner = new AgentRunner(finisher, IdleStrategy.none()).start();
            threadRunner = new AgentRunner(thread, IdleStrategy.none()).start();
        }

        EpisodeFeed open(Path dir, String inputFormat) {
            FrameFormat format = new FrameFormat("test", 4, 2, 30.0, inputFormat, false);
            EpisodeSpec spec = new EpisodeSpec(dir.getFileName().toString(), dir, BASE, format,
                    "mjpeg".equals(inputFormat) ? null : 90, EpisodeSpec.CameraLatency.NONE,
                    new EpisodeSpec.Controller("/dev/pts/9", 115200,
                            "#hello proto=1 fw=1.0.0 channels=steering,throttle,aux rate_hz=50",
                            List.of("steering", "throttle", "aux"), true),
                    new EpisodeSpec.SessionRef("s1", 4), Map.of("queue_frames", 8));
            EpisodeFeed feed = new EpisodeFeed(spec, thread.wakeup(), new ReaderCounters());
            thread.add(feed);
            return feed;
        }

        /** A frame as the timeline routes it: its bytes in a slot of the pool. */
        void frame(EpisodeFeed feed, byte[] bytes, boolean jpeg, long tMs) {
            FrameSlot slot = pool.take(bytes.length);
            if (slot != null) {
                slot.data.clear();
                slot.data.put(bytes).flip();
                slot.jpeg = jpeg;
                slot.width = 4;
                slot.height = 2;
                slot.stride = 12;
            }
            feed.addFrame(slot, T0 + ms(tMs) + 2_000_000, T0 + ms(tMs), writers, pool);
        }

        EpisodeResult end(EpisodeFeed feed, EpisodeStatus status, SegmentTimeMapping mapping) throws Exception {
            feed.end(new EpisodeFeed.End(status, "test", ms(100), mapping, null));
            EpisodeResult result = finished.poll(20, TimeUnit.SECONDS);
            assertThat(result).as("the episode was finished").isNotNull();
            return result;
        }

        @Override
        public void close() {
            threadRunner.close();
            finisherRunner.close();
            writers.close();
        }
    }

    private static long ms(double ms) {
        return Math.round(ms * 1_000_000);
    }

    private static ControlRecord record(RecordKind kind, int segment, long seq, long deviceUs, double tMs,
                                        String text, int... values) {
        ControlRecord r = new ControlRecord();
        r.kind = kind;
        r.seq = seq;
        r.deviceUs = deviceUs;
        r.tNs = T0 + ms(tMs);
        r.receiveNs = r.tNs + 3_000_000;
        r.segment = segment;
        r.valueCount = values.length;
        System.arraycopy(values, 0, r.values, 0, values.length);
        String nameText = text == null ? "" : text.split(",")[0];
        byte[] name = nameText.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, r.name, 0, name.length);
        r.nameLength = name.length;
        r.valueLength = -1;
        if (text != null && text.contains(",")) {
            byte[] value = text.substring(text.indexOf(',') + 1).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(value, 0, r.value, 0, value.length);
            r.valueLength = value.length;
        }
        return r;
    }

    private static ControlRecord sample(long seq, long deviceUs, double tMs, int... values) {
        return record(RecordKind.SAMPLE, 0, seq, deviceUs, tMs, null, values);
    }

    @Test
    void writesEveryFileOfTheFormatWithTheTimesTheTimelineGave(@TempDir Path root) throws Exception {
        pipeline = new Pipeline(8, () -> null, false, 5_000);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "mjpeg");
        feed.addControl(sample(1, 1_000_000, 20, 1500, 1490, 1000));
        feed.addControl(record(RecordKind.EVENT, 0, 2, 1_010_000, 30, "failsafe,1"));
        feed.addControl(sample(3, 1_020_000, 40, 0, 0, 0));
        pipeline.frame(feed, FAKE_JPEG, true, 25);
        pipeline.frame(feed, FAKE_JPEG, true, 58);
        EpisodeResult result = pipeline.end(feed, EpisodeStatus.COMPLETE, null);

        assertThat(Files.readAllLines(dir.resolve("controls.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,steering,throttle,aux",
                "1,1000000,1700000000023000000,1700000000020000000,1500,1490,1000",
                "3,1020000,1700000000043000000,1700000000040000000,0,0,0");
        assertThat(Files.readAllLines(dir.resolve("events.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,name,value",
                "2,1010000,1700000000033000000,1700000000030000000,failsafe,1");
        assertThat(Files.readAllLines(dir.resolve("frames.csv"))).containsExactly(
                "index,t_ns,receive_ns,bytes,file",
                "0,1700000000025000000,1700000000027000000,7,frames/000000.jpg",
                "1,1700000000058000000,1700000000060000000,7,frames/000001.jpg");
        assertThat(dir.resolve("frames/000001.jpg")).hasBinaryContent(FAKE_JPEG);
        assertThat(dir.resolve(".drivetape-reserve")).doesNotExist();
        assertThat(dir.resolve(".drivetape-lock")).doesNotExist();
        try (var files = Files.list(dir.resolve("frames"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("000000.jpg", "000001.jpg");
        }
        assertThat(Files.readAllLines(dir.resolve("aligned.csv"))).hasSize(1); // both frames touch a 0: no signal

        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("format").asText()).isEqualTo("episode/1");
        assertThat(m.get("status").asText()).isEqualTo("complete");
        assertThat(m.get("episode_id").asText()).isEqualTo("ep");
        assertThat(m.get("session").get("id").asText()).isEqualTo("s1");
        assertThat(m.get("session").get("episode_index").asInt()).isEqualTo(4);
        assertThat(m.get("camera").get("jpeg_quality").isNull()).isTrue();
        assertThat(m.get("camera").get("input_format").asText()).isEqualTo("mjpeg");
        assertThat(m.get("camera").get("latency_source").asText()).isEqualTo("none");
        assertThat(m.get("controller").get("hello").asText()).startsWith("#hello proto=1");
        assertThat(m.get("controller").get("channels")).hasSize(3);
        JsonNode counts = m.get("counts");
        assertThat(counts.get("controls").asLong()).isEqualTo(2);
        assertThat(counts.get("events").asLong()).isEqualTo(1);
        assertThat(counts.get("frames").asLong()).isEqualTo(2);
        assertThat(counts.get("frames_written").asLong()).isEqualTo(2);
        assertThat(counts.get("frames_dropped").asLong()).isZero();
        assertThat(m.get("rates").get("expected_control_hz").asDouble()).isEqualTo(50.0);
        assertThat(m.get("sync_quality").get("max_offset_ms").asDouble()).isEqualTo(18.0);
        assertThat(m.get("sync_quality").get("status").asText()).isEqualTo("GOOD");
        assertThat(m.has("outages")).isFalse();
        for (String key : List.of("format", "episode_id", "status", "started_at", "ended_at", "duration_s",
                "time_base", "camera", "controller", "counts", "rates", "clock", "sync_quality")) {
            assertThat(m.has(key)).as(key).isTrue();
        }
        assertThat(m.get("started_at").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(m.get("duration_s").asDouble()).isEqualTo(0.1);
        assertThat(result.figures().frames().written()).isEqualTo(2);
    }

    @Test
    void theLiveMetadataSaysRecordingAndOutagesAreKept(@TempDir Path root) throws Exception {
        pipeline = new Pipeline(8, () -> null, false, 5_000);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "mjpeg");
        feed.outageStarted(Outage.CONTROLLER, T0 + ms(10));
        feed.outageEnded(Outage.CONTROLLER, T0 + ms(60));
        feed.outageStarted(Outage.CAMERA, T0 + ms(70));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(dir.resolve("metadata.json")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(json.readTree(dir.resolve("metadata.json").toFile()).get("status").asText()).isEqualTo("recording");
        assertThat(EpisodeLock.isHeld(dir)).isTrue();
        pipeline.end(feed, EpisodeStatus.COMPLETE, null);
        JsonNode outages = json.readTree(dir.resolve("metadata.json").toFile()).get("outages");
        assertThat(outages).hasSize(2);
        assertThat(outages.get(0).get("device").asText()).isEqualTo("controller");
        assertThat(outages.get(0).get("to_ns").asLong()).isEqualTo(T0 + ms(60));
        assertThat(outages.get(1).get("device").asText()).isEqualTo("camera");
        assertThat(outages.get(1).get("to_ns").isNull()).isTrue();
        assertThat(EpisodeLock.isHeld(dir)).isFalse();
    }

    private static JpegEncoder encoder(Encode body) {
        return new JpegEncoder() {
            @Override
            public ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality) {
                return body.encode(width);
            }

            @Override
            public void close() {
            }
        };
    }

    private interface Encode {
        ByteBuffer encode(int width);
    }

    @Test
    void aFullPoolDropsFramesVisiblyAndNeverBlocksTheCaller(@TempDir Path root) throws Exception {
        CountDownLatch encoderMayGo = new CountDownLatch(1);
        JpegEncoder slow = encoder(width -> {
            try {
                if (width == 4) { // not the writer's warm-up encode
                    encoderMayGo.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ByteBuffer.wrap(FAKE_JPEG);
        });
        pipeline = new Pipeline(2, () -> slow, true, 5_000);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "bgr24");
        // Two slots: one held by the blocked writer, one queued; the rest find no buffer.
        for (int i = 0; i < 6; i++) {
            pipeline.frame(feed, new byte[24], false, i + 1);
        }
        encoderMayGo.countDown();
        EpisodeResult result = pipeline.end(feed, EpisodeStatus.COMPLETE, null);

        List<String> rows = Files.readAllLines(dir.resolve("frames.csv"));
        assertThat(rows).hasSize(7);
        assertThat(rows.get(1)).endsWith(",7,frames/000000.jpg");
        assertThat(rows.get(2)).endsWith(",7,frames/000001.jpg");
        for (int i = 3; i <= 6; i++) {
            assertThat(rows.get(i)).startsWith((i - 1) + ",").endsWith(",0,");
        }
        FrameCounts f = result.figures().frames();
        assertThat(f.captured()).isEqualTo(6);
        assertThat(f.written()).isEqualTo(2);
        assertThat(f.droppedQueueFull()).isEqualTo(4);
        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("counts").get("frames_dropped").asLong()).isEqualTo(4);
        assertThat(m.get("drops").get("queue_full").asLong()).isEqualTo(4);
        assertThat(m.get("camera").get("jpeg_quality").asInt()).isEqualTo(90);
    }

    @Test
    void framesNotWrittenWithinTheTimeoutAreCountedAsDropped(@TempDir Path root) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        JpegEncoder stuck = encoder(width -> {
            try {
                if (width == 4) {
                    never.await(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ByteBuffer.wrap(FAKE_JPEG);
        });
        pipeline = new Pipeline(4, () -> stuck, true, 300);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "bgr24");
        for (int i = 0; i < 3; i++) {
            pipeline.frame(feed, new byte[24], false, i + 1);
        }
        EpisodeResult result = pipeline.end(feed, EpisodeStatus.COMPLETE, null);
        FrameCounts f = result.figures().frames();
        assertThat(f.captured()).isEqualTo(3);
        assertThat(f.written() + f.dropped()).isEqualTo(3);
        assertThat(f.droppedShutdown()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("frames.csv"))).hasSize(4);
        never.countDown();
        // The stuck writer now finishes, finds its frame given up and removes its file: let it, before the
        // temporary directory is deleted.
        TimeUnit.MILLISECONDS.sleep(500);
        try (var files = Files.list(dir.resolve("frames"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void oneFailedWriteIsCountedAndRecordingGoesOn(@TempDir Path root) throws Exception {
        int[] calls = {0};
        JpegEncoder failsOnce = encoder(width -> {
            if (width == 4 && ++calls[0] == 2) {
                throw new IllegalStateException("encoder hiccup");
            }
            return ByteBuffer.wrap(FAKE_JPEG);
        });
        pipeline = new Pipeline(8, () -> failsOnce, true, 5_000);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "bgr24");
        for (int i = 0; i < 3; i++) {
            pipeline.frame(feed, new byte[24], false, i + 1);
            TimeUnit.MILLISECONDS.sleep(50);
        }
        EpisodeResult result = pipeline.end(feed, EpisodeStatus.COMPLETE, null);
        assertThat(result.figures().status()).isEqualTo(EpisodeStatus.COMPLETE);
        assertThat(result.figures().frames().writeErrors()).isEqualTo(1);
        assertThat(result.figures().frames().written()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("frames.csv")))
                .extracting(l -> l.substring(l.lastIndexOf(',', l.lastIndexOf(',') - 1) + 1))
                .containsExactly("bytes,file", "7,frames/000000.jpg", "0,", "7,frames/000002.jpg");
        assertThat(dir.resolve("frames/000001.jpg")).doesNotExist();
        try (var files = Files.list(dir.resolve("frames"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void atTheEndControlTimesAreRewrittenWithTheFinalMapping(@TempDir Path root) throws Exception {
        pipeline = new Pipeline(8, () -> null, false, 5_000);
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeFeed feed = pipeline.open(dir, "mjpeg");
        // A mapping of device time + 5 s per segment, to see both files and both segments.
        SegmentTimeMapping mapping = (segment, deviceUs) -> 5_000_000_000L * (segment + 1) + deviceUs * 1000;
        feed.addControl(record(RecordKind.SAMPLE, 0, 1, 1_000, 20, null, 1500, 1400, 1000));
        feed.addControl(record(RecordKind.EVENT, 0, 2, 1_500, 21, "led,1"));
        feed.addControl(record(RecordKind.SAMPLE, 0, 3, 2_000, 22, null, 1510, 1410, 1000));
        feed.addControl(record(RecordKind.SAMPLE, 1, 1, 300, 30, null, 1520, 1420, 1000)); // after a board reset
        pipeline.end(feed, EpisodeStatus.COMPLETE, mapping);

        assertThat(Files.readAllLines(dir.resolve("controls.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,steering,throttle,aux",
                "1,1000,1700000000023000000,5001000000,1500,1400,1000",
                "3,2000,1700000000025000000,5002000000,1510,1410,1000",
                "1,300,1700000000033000000,10000300000,1520,1420,1000");
        assertThat(Files.readAllLines(dir.resolve("events.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,name,value",
                "2,1500,1700000000024000000,5001500000,led,1");
        assertThat(dir.resolve("controls.csv.tmp")).doesNotExist();
        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("clock").get("times_refined_at_end").asBoolean()).isTrue();
        assertThat(m.get("sync_quality").get("avg_control_interval_ms").asDouble()).isEqualTo(2_499.65);
    }
}
