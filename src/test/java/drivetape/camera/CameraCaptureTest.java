package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraCaptureTest {
    @TempDir
    Path dir;

    private static AgentRunner run(CameraCapture capture) {
        return new AgentRunner(capture, IdleStrategy.none()).start();
    }

    private static CameraOpener opener(String source, int width, int height, double fps) {
        return () -> FrameSources.open(source, width, height, fps);
    }

    @Test
    void deliversEveryFrameOfAFileThenEnds() throws Exception {
        Path file = TestVideos.write(dir.resolve("clip.mkv"), "matroska", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P,
                0, 100_000, 200_000, 300_000);
        List<byte[]> stored = TestVideos.videoPackets(file);
        RecordingSink sink = new RecordingSink();

        CameraCapture capture = new CameraCapture(opener(file.toString(), 640, 360, 30), sink);
        assertThat(capture.open().isJpeg()).isTrue();
        try (AgentRunner runner = run(capture)) {
            assertThat(sink.ended.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(capture.framesCaptured()).isEqualTo(4);
        }
        assertThat(sink.frames).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(sink.frames.get(i)).isEqualTo(stored.get(i));
        }
        assertThat(sink.threads).containsOnly("drivetape-camera");
        assertThat(sink.lost).isEmpty();
        assertThat(sink.endCalls.get()).isEqualTo(1);
    }

    @Test
    void closeWhileRunningStopsTheThreadWithoutTheNextFrame() throws Exception {
        // The second frame is due 4 s after the first: longer than close() waits for the thread.
        Path file = TestVideos.write(dir.resolve("gap.mkv"), "matroska", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P,
                0, 4_000_000);
        RecordingSink sink = new RecordingSink();
        CameraCapture capture = new CameraCapture(opener(file.toString(), 640, 360, 30), sink);
        capture.open();
        AgentRunner runner = run(capture);
        assertThat(sink.firstFrame.await(10, TimeUnit.SECONDS)).isTrue();

        runner.close();

        assertThat(cameraThreadAlive()).as("capture thread still running after close()").isFalse();
        assertThat(sink.frames).hasSize(1);
        assertThat(sink.endCalls.get()).as("onEnd is for ends the owner did not ask for").isZero();
        runner.close();
    }

    @Test
    void closeWhileStreamingRawFramesEndsTheThreadAfterItsLastFrame() throws Exception {
        RecordingSink sink = new RecordingSink(5);
        CameraCapture capture = new CameraCapture(opener("test", 160, 120, 60), sink);
        assertThat(capture.open().isJpeg()).isFalse();
        AgentRunner runner = run(capture);
        assertThat(sink.enoughFrames.await(10, TimeUnit.SECONDS)).isTrue();

        runner.close();
        int delivered = sink.frames.size();

        assertThat(cameraThreadAlive()).isFalse();
        assertThat(delivered).isGreaterThanOrEqualTo(5);
        // Every frame was whole when the sink copied it: the buffers were freed only after the last one.
        assertThat(sink.frames).allSatisfy(pixels -> assertThat(pixels).hasSizeGreaterThanOrEqualTo(160 * 120 * 3));
        assertThat(capture.framesCaptured()).isEqualTo(delivered);
        assertThat(sink.endCalls.get()).isZero();
    }

    @Test
    void aCameraThatFailsIsLookedForAgainAndFramesComeBack() throws Exception {
        List<FailingSource> made = new CopyOnWriteArrayList<>();
        RecordingSink sink = new RecordingSink(5);
        CameraCapture capture = new CameraCapture(() -> {
            FailingSource s = new FailingSource(3);
            made.add(s);
            return s;
        }, sink);
        capture.open();
        try (AgentRunner runner = run(capture)) {
            assertThat(sink.back.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.enoughFrames.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sink.lost.get(0)).isEqualTo("camera /dev/video0 stopped sending frames (unplugged?)");
        assertThat(sink.frames.size()).isGreaterThanOrEqualTo(5);
        // Each source was closed by the capture thread itself, after its last read.
        assertThat(made.get(0).closedBy).containsExactly("drivetape-camera");
        assertThat(sink.endCalls.get()).isZero();
    }

    @Test
    void openErrorsSurfaceOnTheCallersThreadAndNothingStarts() throws Exception {
        RecordingSink sink = new RecordingSink();
        CameraCapture capture = new CameraCapture(opener("/dev/video99", 640, 360, 30), sink);
        assertThatThrownBy(capture::open).isInstanceOf(CameraException.class)
                .hasMessageContaining("/dev/video99 not found");
        assertThat(capture.connected()).isFalse();
        assertThat(sink.endCalls.get()).isZero();
    }

    private static boolean cameraThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("drivetape-camera") && t.isAlive());
    }

    /** Copies what it keeps, as a real sink must. */
    private static final class RecordingSink implements FrameSink {
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final CountDownLatch firstFrame = new CountDownLatch(1);
        final CountDownLatch enoughFrames;
        final CountDownLatch ended = new CountDownLatch(1);
        final CountDownLatch back = new CountDownLatch(1);
        final AtomicInteger endCalls = new AtomicInteger();

        RecordingSink() {
            this(1);
        }

        RecordingSink(int enough) {
            enoughFrames = new CountDownLatch(enough);
        }

        @Override
        public void onFrame(GrabbedFrame frame) {
            frames.add(TestVideos.bytesOf(frame.data));
            threads.add(Thread.currentThread().getName());
            firstFrame.countDown();
            enoughFrames.countDown();
        }

        @Override
        public void onCameraLost(String why, long nanoTime) {
            lost.add(why);
        }

        @Override
        public void onCameraBack(FrameFormat format, long nanoTime) {
            back.countDown();
        }

        @Override
        public void onEnd() {
            endCalls.incrementAndGet();
            ended.countDown();
        }
    }

    /** A camera that gives a few frames and is then unplugged. */
    private static final class FailingSource implements FrameSource {
        final List<String> closedBy = new CopyOnWriteArrayList<>();
        private final ByteBuffer jpeg = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        private int remaining;

        FailingSource(int frames) {
            this.remaining = frames;
        }

        @Override
        public FrameFormat open() {
            return new FrameFormat("/dev/video0", 2, 2, 30, "mjpeg", true);
        }

        @Override
        public boolean next(GrabbedFrame frame) throws CameraException {
            if (remaining-- == 0) {
                throw new CameraException("camera /dev/video0 stopped sending frames (unplugged?)");
            }
            frame.data = jpeg.duplicate();
            frame.jpeg = true;
            frame.receiveNanoTime = System.nanoTime();
            return true;
        }

        @Override
        public void close() {
            closedBy.add(Thread.currentThread().getName());
        }
    }
}
