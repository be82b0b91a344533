package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pre-encoded MJPEG video as the camera: what a USB webcam sends. Its JPEG bytes must be stored unchanged,
 * replayed in real time, and the episode must end, complete, with the file.
 */
class VideoFileE2ETest {

    @TempDir
    Path tmp;

    @Test
    void storesTheJpegBytesOfAnMjpegVideoUnchangedAndEndsWithTheFile() throws Exception {
        Path video = tmp.resolve("drive.avi");
        int frameCount = 60;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(video.toString(), 320, 240)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(30);
            recorder.start();
            for (int i = 0; i < frameCount; i++) {
                Frame frame = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                for (int p = 0; p < pixels.capacity(); p++) {
                    pixels.put(p, (byte) ((p / 3 + i * 7) & 0xFF));
                }
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
        }
        List<byte[]> packets = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toString())) {
            grabber.start();
            AVPacket packet;
            while ((packet = grabber.grabPacket()) != null) {
                if (packet.size() > 0) {
                    byte[] bytes = new byte[packet.size()];
                    packet.data().get(bytes);
                    packets.add(bytes);
                }
                avcodec.av_packet_unref(packet);
            }
        }
        assertThat(packets).hasSize(frameCount);

        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--duration", "60");
            long started = System.nanoTime();
            Cli recorder = Cli.run(tmp, "record", Duration.ofSeconds(60), "record", "--serial",
                    pty.hostSide().toString(), "--camera", video.toString(), "--out", tmp.resolve("eps").toString());
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            sim.signal("TERM");
            assertThat(recorder.exitCode()).as(recorder.stderr()).isZero();
            Path episode = Path.of(recorder.stdout().trim());

            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("complete");
            assertThat(m.get("camera").get("input_format").asText()).isEqualTo("mjpeg");
            assertThat(m.get("camera").get("jpeg_quality").isNull()).isTrue();
            assertThat(m.get("counts").get("frames").asInt()).isEqualTo(frameCount);
            assertThat(m.get("counts").get("frames_written").asInt()).isEqualTo(frameCount);
            List<String[]> frames = rows(episode.resolve("frames.csv"));
            for (int i = 0; i < frameCount; i++) {
                assertThat(Files.readAllBytes(episode.resolve(frames.get(i)[4])))
                        .as("frame %d is the file's JPEG byte for byte", i).isEqualTo(packets.get(i));
            }
            // Replayed in real time: 60 frames at 30 fps take two seconds.
            long firstNs = Long.parseLong(frames.get(0)[1]);
            long lastNs = Long.parseLong(frames.get(frameCount - 1)[1]);
            assertThat((lastNs - firstNs) / 1e6).isBetween(1900.0, 2600.0);
            assertThat(tookMs).isGreaterThan(2000);
            assertThat(recorder.stderr()).contains("end of the video");
        }
    }
}
