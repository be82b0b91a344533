package drivetape.episode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.camera.FrameFormat;
import drivetape.camera.GrabbedFrame;
import drivetape.camera.JpegEncoder;
import drivetape.handoff.SpscRing;
import drivetape.serial.ControlRecord;
import drivetape.serial.RecordKind;
import drivetape.timing.ClockFit;
import drivetape.timing.ControlClock;
import drivetape.timing.ReceiveTimeClock;
import drivetape.timing.SegmentTimeMapping;
import drivetape.timing.TimeBase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeWriterTest {
    private static final TimeBase BASE = new TimeBase(1_700_000_000_000_000_000L, 0);
    private static final byte[] FAKE_JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    private final ObjectMapper json = new ObjectMapper();

    private static EpisodeInfo info(Path dir, String inputFormat) {
        return info(dir, inputFormat, 0.0);
    }

    private static EpisodeInfo info(Path dir, String inputFormat, double cameraLatencyMs) {
        return new EpisodeInfo(dir.getFileName().toString(), dir, BASE,
                new FrameFormat("test", 4, 2, 30.0, inputFormat, false), "mjpeg".equals(inputFormat) ? null : 90,
                cameraLatencyMs, "/dev/pts/9", 115200);
    }

    private static void publish(SpscRing<ControlRecord> ring, RecordKind kind, long seq, long deviceUs,
                                long receiveNanos, String text, int... values) {
        publishIn(ring, 0, kind, seq, deviceUs, receiveNanos, text, values);
    }

    private static void publishIn(SpscRing<ControlRecord> ring, int segment, RecordKind kind, long seq,
                                  long deviceUs, long receiveNanos, String text, int... values) {
        ControlRecord r = ring.claim();
        r.kind = kind;
        r.seq = seq;
        r.deviceUs = deviceUs;
        r.receiveNanoTime = receiveNanos;
        r.segment = segment;
        r.valueCount = values.length;
        System.arraycopy(values, 0, r.values, 0, values.length);
        boolean event = kind == RecordKind.EVENT;
        String nameText = text == null ? "" : event ? text.split(",")[0] : text;
        byte[] name = nameText.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, r.name, 0, name.length);
        r.nameLength = name.length;
        r.valueLength = -1;
        if (event && text.contains(",")) {
            byte[] value = text.substring(text.indexOf(',') + 1).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(value, 0, r.value, 0, value.length);
            r.valueLength = value.length;
        }
        ring.publish();
    }

    private static GrabbedFrame frame(byte[] bytes, boolean jpeg, long receiveNanos) {
        GrabbedFrame f = new GrabbedFrame();
        f.data = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        f.jpeg = jpeg;
        f.width = 4;
        f.height = 2;
        f.stride = 12;
        f.receiveNanoTime = receiveNanos;
        return f;
    }

    @Test
    void writesEveryFileOfTheFormatWithTheRightRows(@TempDir Path root) throws Exception {
        Path dir = EpisodeDirectory.create(root, "ep");
        ControlHandoff controls = ControlHandoff.create();
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "mjpeg"), controls, new ReceiveTimeClock(),
                () -> new ControllerStats(2, 3, 4, 0, 999), 8, 1 << 20, 1, () -> null);
        assertThat(json.readTree(dir.resolve("metadata.json").toFile()).get("status").asText()).isEqualTo("recording");
        writer.start();
        SpscRing<ControlRecord> ring = controls.ring();
        publish(ring, RecordKind.HELLO, 0, 0, 1_000, "hello proto=1 fw=1.0.0 channels=steering,throttle,aux rate_hz=50");
        publish(ring, RecordKind.SAMPLE, 1, 1_000_000, 20_000_000, null, 1500, 1490, 1000);
        publish(ring, RecordKind.EVENT, 2, 1_010_000, 30_000_000, "failsafe,1");
        publish(ring, RecordKind.SAMPLE, 3, 1_020_000, 40_000_000, null, 0, 0, 0);
        writer.offerFrame(frame(FAKE_JPEG, true, 25_000_000));
        writer.offerFrame(frame(FAKE_JPEG, true, 58_000_000));
        EpisodeTally tally = writer.finish("complete", 5_000);

        assertThat(Files.readAllLines(dir.resolve("controls.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,steering,throttle,aux",
                "1,1000000,1700000000020000000,1700000000020000000,1500,1490,1000",
                "3,1020000,1700000000040000000,1700000000040000000,0,0,0");
        assertThat(Files.readAllLines(dir.resolve("events.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,name,value",
                "2,1010000,1700000000030000000,1700000000030000000,failsafe,1");
        assertThat(Files.readAllLines(dir.resolve("frames.csv"))).containsExactly(
                "index,t_ns,receive_ns,bytes,file",
                "0,1700000000025000000,1700000000025000000,7,frames/000000.jpg",
                "1,1700000000058000000,1700000000058000000,7,frames/000001.jpg");
        assertThat(dir.resolve("frames/000001.jpg")).hasBinaryContent(FAKE_JPEG);
        assertThat(dir.resolve(".drivetape-reserve")).doesNotExist();
        try (var files = Files.list(dir.resolve("frames"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("000000.jpg", "000001.jpg");
        }

        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("format").asText()).isEqualTo("episode/1");
        assertThat(m.get("status").asText()).isEqualTo("complete");
        assertThat(m.get("episode_id").asText()).isEqualTo("ep");
        assertThat(m.get("camera").get("jpeg_quality").isNull()).isTrue();
        assertThat(m.get("camera").get("input_format").asText()).isEqualTo("mjpeg");
        assertThat(m.get("controller").get("hello").asText()).startsWith("#hello proto=1");
        assertThat(m.get("controller").get("channels")).hasSize(3);
        JsonNode counts = m.get("counts");
        assertThat(counts.get("controls").asLong()).isEqualTo(2);
        assertThat(counts.get("events").asLong()).isEqualTo(1);
        assertThat(counts.get("frames").asLong()).isEqualTo(2);
        assertThat(counts.get("frames_written").asLong()).isEqualTo(2);
        assertThat(counts.get("frames_dropped").asLong()).isZero();
        assertThat(counts.get("bad_lines").asLong()).isEqualTo(2);
        assertThat(counts.get("lost_samples").asLong()).isEqualTo(3);
        assertThat(m.get("rates").get("expected_control_hz").asDouble()).isEqualTo(50.0);
        assertThat(m.get("sync_quality").get("max_offset_ms").asDouble()).isEqualTo(18.0);
        assertThat(m.get("sync_quality").get("status").asText()).isEqualTo("GOOD");
        for (String key : List.of("format", "episode_id", "status", "started_at", "ended_at", "duration_s",
                "time_base", "camera", "controller", "counts", "rates", "clock", "sync_quality")) {
            assertThat(m.has(key)).as(key).isTrue();
        }
        assertThat(m.get("started_at").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
        assertThat(tally.framesWritten()).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsFramesVisiblyAndNeverBlocksTheCamera(@TempDir Path root) throws Exception {
        Path dir = EpisodeDirectory.create(root, "ep");
        CountDownLatch encoderMayGo = new CountDownLatch(1);
        JpegEncoder slowEncoder = new JpegEncoder() {
            @Override
            public ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality) {
                try {
                    if (width == 4) { // not the writer's warm-up encode
                        encoderMayGo.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ByteBuffer.wrap(FAKE_JPEG);
            }

            @Override
            public void close() {
            }
        };
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "bgr24"), ControlHandoff.create(), new ReceiveTimeClock(),
                () -> ControllerStats.NONE, 2, 1 << 20, 1, () -> slowEncoder);
        writer.start();
        byte[] raw = new byte[24];
        // One frame held by the blocked writer, two queued, the rest dropped at once.
        for (int i = 0; i < 6; i++) {
            writer.offerFrame(frame(raw, false, 1_000_000L * (i + 1)));
            if (i == 0) {
                TimeUnit.MILLISECONDS.sleep(200); // let the writer take the first frame
            }
        }
        assertThat(writer.live().droppedAtCapture()).isEqualTo(4);
        encoderMayGo.countDown();
        EpisodeTally tally = writer.finish("complete", 5_000);

        List<String> rows = Files.readAllLines(dir.resolve("frames.csv"));
        assertThat(rows).hasSize(7);
        assertThat(rows.get(1)).endsWith(",7,frames/000000.jpg");
        assertThat(rows.get(2)).endsWith(",7,frames/000001.jpg");
        for (int i = 3; i <= 6; i++) {
            assertThat(rows.get(i)).startsWith((i - 1) + ",").endsWith(",0,");
        }
        assertThat(tally.frames()).isEqualTo(6);
        assertThat(tally.framesWritten()).isEqualTo(2);
        assertThat(tally.framesDropped()).isEqualTo(4);
        assertThat(tally.droppedQueueFull()).isEqualTo(4);
        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("counts").get("frames_dropped").asLong()).isEqualTo(4);
        assertThat(m.get("camera").get("jpeg_quality").asInt()).isEqualTo(90);
    }

    @Test
    void framesNotWrittenWithinTheTimeoutAreCountedAsDropped(@TempDir Path root) throws Exception {
        Path dir = EpisodeDirectory.create(root, "ep");
        CountDownLatch never = new CountDownLatch(1);
        JpegEncoder stuck = new JpegEncoder() {
            @Override
            public ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality) {
                try {
                    if (width == 4) { // not the writer's warm-up encode
                        never.await(3, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ByteBuffer.wrap(FAKE_JPEG);
            }

            @Override
            public void close() {
            }
        };
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "bgr24"), ControlHandoff.create(), new ReceiveTimeClock(),
                () -> ControllerStats.NONE, 4, 1 << 20, 1, () -> stuck);
        writer.start();
        for (int i = 0; i < 3; i++) {
            writer.offerFrame(frame(new byte[24], false, 1_000_000L * (i + 1)));
        }
        EpisodeTally tally = writer.finish("complete", 300);
        assertThat(tally.frames()).isEqualTo(3);
        assertThat(tally.framesWritten() + tally.framesDropped()).isEqualTo(3);
        assertThat(tally.droppedShutdown()).isGreaterThanOrEqualTo(2);
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
        Path dir = EpisodeDirectory.create(root, "ep");
        int[] calls = {0};
        JpegEncoder failsOnce = new JpegEncoder() {
            @Override
            public ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality) {
                if (width == 4 && ++calls[0] == 2) {
                    throw new IllegalStateException("encoder hiccup");
                }
                return ByteBuffer.wrap(FAKE_JPEG);
            }

            @Override
            public void close() {
            }
        };
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "bgr24"), ControlHandoff.create(), new ReceiveTimeClock(),
                () -> ControllerStats.NONE, 8, 1 << 20, 1, () -> failsOnce);
        writer.start();
        for (int i = 0; i < 3; i++) {
            writer.offerFrame(frame(new byte[24], false, 1_000_000L * (i + 1)));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        EpisodeTally tally = writer.finish("complete", 5_000);
        assertThat(tally.status()).isEqualTo("complete");
        assertThat(tally.writeErrors()).isEqualTo(1);
        assertThat(tally.framesWritten()).isEqualTo(2);
        assertThat(tally.framesDropped()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("frames.csv"))).extracting(l -> l.substring(l.lastIndexOf(',', l.lastIndexOf(',') - 1) + 1))
                .containsExactly("bytes,file", "7,frames/000000.jpg", "0,", "7,frames/000002.jpg");
        assertThat(dir.resolve("frames/000001.jpg")).doesNotExist();
        try (var files = Files.list(dir.resolve("frames"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aKnownCameraLatencyMovesFrameTimesEarlierAndIsReported(@TempDir Path root) throws Exception {
        Path dir = EpisodeDirectory.create(root, "ep");
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "mjpeg", 20.0), ControlHandoff.create(),
                new ReceiveTimeClock(), () -> ControllerStats.NONE, 8, 1 << 20, 1, () -> null);
        writer.start();
        writer.offerFrame(frame(FAKE_JPEG, true, 100_000_000));
        writer.offerFrame(frame(FAKE_JPEG, true, 133_000_000));
        writer.finish("complete", 5_000);

        assertThat(Files.readAllLines(dir.resolve("frames.csv")).subList(1, 3)).containsExactly(
                "0,1700000000080000000,1700000000100000000,7,frames/000000.jpg",
                "1,1700000000113000000,1700000000133000000,7,frames/000001.jpg");
        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("camera").get("latency_ms").asDouble()).isEqualTo(20.0);
        assertThat(m.get("frame_pipeline_latency_ms").get("p50").asDouble()).isEqualTo(20.0);
        assertThat(m.get("frame_pipeline_latency_ms").get("max").asDouble()).isEqualTo(20.0);
    }

    @Test
    void atTheEndControlTimesAreRewrittenWithTheClocksFinalMapping(@TempDir Path root) throws Exception {
        Path dir = EpisodeDirectory.create(root, "ep");
        // Online: receive time. Final: device time + 1 s per segment, to see both columns and segments.
        ControlClock clock = new ControlClock() {
            @Override
            public long toEpisodeNs(int segment, long deviceUs, long receiveNs) {
                return receiveNs;
            }

            @Override
            public ClockFit fit() {
                return new ClockFit("test", 0, 0, 0, 1, 0);
            }

            @Override
            public SegmentTimeMapping finalMapping() {
                return (segment, deviceUs) -> 5_000_000_000L * (segment + 1) + deviceUs * 1000;
            }
        };
        ControlHandoff controls = ControlHandoff.create();
        EpisodeWriter writer = EpisodeWriter.create(info(dir, "mjpeg"), controls, clock,
                () -> ControllerStats.NONE, 8, 1 << 20, 1, () -> null);
        writer.start();
        SpscRing<ControlRecord> ring = controls.ring();
        publish(ring, RecordKind.SAMPLE, 1, 1_000, 20_000_000, null, 1500, 1400);
        publish(ring, RecordKind.EVENT, 2, 1_500, 21_000_000, "led,1");
        publish(ring, RecordKind.SAMPLE, 3, 2_000, 22_000_000, null, 1510, 1410);
        publishIn(ring, 1, RecordKind.SAMPLE, 1, 300, 30_000_000, null, 1520, 1420); // after a board reset
        writer.finish("complete", 5_000);

        assertThat(Files.readAllLines(dir.resolve("controls.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,steering,throttle",
                "1,1000,1700000000020000000,5001000000,1500,1400",
                "3,2000,1700000000022000000,5002000000,1510,1410",
                "1,300,1700000000030000000,10000300000,1520,1420");
        assertThat(Files.readAllLines(dir.resolve("events.csv"))).containsExactly(
                "seq,device_us,receive_ns,t_ns,name,value",
                "2,1500,1700000000021000000,5001500000,led,1");
        assertThat(dir.resolve("controls.csv.tmp")).doesNotExist();
        JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
        assertThat(m.get("clock").get("times_refined_at_end").asBoolean()).isTrue();
        assertThat(m.get("sync_quality").get("avg_control_interval_ms").asDouble()).isEqualTo(2_499.65);
    }
}
