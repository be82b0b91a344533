package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestPatternSourceTest {

    @Test
    void deliversBgrFramesOfTheRequestedSizePacedInRealTime() throws Exception {
        try (FrameSource source = FrameSources.open("test", 320, 240, 30)) {
            assertThat(source.open()).isEqualTo(new FrameFormat("test", 320, 240, 30.0, "bgr24", false));

            GrabbedFrame frame = new GrabbedFrame();
            byte[] previous = null;
            int changes = 0;
            long first = 0;
            long last = 0;
            for (int i = 0; i <= 30; i++) {
                assertThat(source.next(frame)).isTrue();
                assertThat(frame.jpeg).isFalse();
                assertThat(frame.width).isEqualTo(320);
                assertThat(frame.height).isEqualTo(240);
                assertThat(frame.stride).isGreaterThanOrEqualTo(320 * 3);
                assertThat(frame.data.remaining()).isGreaterThanOrEqualTo(frame.stride * 239 + 320 * 3);
                assertThat(frame.deviceTimestampUs).isEqualTo(Long.MIN_VALUE);
                byte[] pixels = TestVideos.bytesOf(frame.data);
                if (previous != null && !Arrays.equals(previous, pixels)) {
                    changes++;
                }
                previous = pixels;
                if (i == 0) {
                    first = frame.receiveNanoTime;
                }
                last = frame.receiveNanoTime;
            }
            // testsrc2 moves: each frame differs from the one before.
            assertThat(changes).isEqualTo(30);
            // 30 frame periods at 30 fps take a second; a little is lost to frames read ahead while opening.
            assertThat(last - first).isGreaterThanOrEqualTo(800_000_000L);
        }
    }

    @Test
    void nextReturnsFalseOnceClosed() throws Exception {
        FrameSource source = FrameSources.open("test", 64, 48, 30);
        source.open();
        GrabbedFrame frame = new GrabbedFrame();
        assertThat(source.next(frame)).isTrue();
        source.close();
        assertThat(source.next(frame)).isFalse();
        source.close();
    }
}
