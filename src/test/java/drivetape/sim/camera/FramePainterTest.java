package drivetape.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FramePainterTest {
    private static final int W = 640;
    private static final int H = 360;

    private static int grey(ByteBuffer bgr, int x, int y) {
        int i = (y * W + x) * 3;
        return ((bgr.get(i) & 0xFF) + (bgr.get(i + 1) & 0xFF) + (bgr.get(i + 2) & 0xFF)) / 3;
    }

    @Test
    void theLedSpotAtWidthMinus24And24ShowsTheLitFractionOfTheExposure() {
        FramePainter painter = new FramePainter(W, H);
        assertThat(painter.ledX()).isEqualTo(616);
        assertThat(painter.ledY()).isEqualTo(24);
        ByteBuffer bgr = ByteBuffer.allocateDirect(W * H * 3);
        for (int milli : new int[] {0, 250, 500, 1000}) {
            painter.paint(bgr, 123_456_789, milli);
            int level = FramePainter.ledLevel(milli);
            for (int dy = -10; dy <= 10; dy++) {
                for (int dx = -10; dx <= 10; dx++) {
                    if (dx * dx + dy * dy <= 100) {
                        assertThat(grey(bgr, 616 + dx, 24 + dy)).isEqualTo(level);
                    }
                }
            }
            assertThat(grey(bgr, 616 + 12, 24)).isZero(); // the housing around it
        }
        assertThat(FramePainter.ledLevel(0)).isEqualTo(40);
        assertThat(FramePainter.ledLevel(500)).isEqualTo(148);
        assertThat(FramePainter.ledLevel(1000)).isEqualTo(255);
    }

    @Test
    void theBallMovesWithTimeAndNeverCoversTheLed() {
        FramePainter painter = new FramePainter(W, H);
        ByteBuffer a = ByteBuffer.allocateDirect(W * H * 3);
        ByteBuffer b = ByteBuffer.allocateDirect(W * H * 3);
        int ledBandLeft = W - 2 * FramePainter.LED_INSET - 8;
        int same = 0;
        int frames = 0;
        for (long t = 0; t < 10_000_000_000L; t += 33_333_333, frames++) {
            painter.paint(a, t, 0);
            painter.paint(b, t + 33_333_333, 0);
            same += a.equals(b) ? 1 : 0;
            for (int y = 0; y < FramePainter.LED_BAND; y++) {
                for (int x = ledBandLeft; x < W; x++) {
                    int i = (y * W + x) * 3;
                    assertThat(a.get(i + 2) & 0xFF).as("ball colour in the LED's band").isNotEqualTo(240);
                }
            }
        }
        assertThat(frames).isEqualTo(301);
        assertThat(same).as("frames a period apart that look the same").isLessThanOrEqualTo(3);
    }
}
