package drivetape.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LiveViewTest {
    private static int framesKept(double cameraFps, double jitterMs, double seconds) {
        LiveView view = new LiveView(15);
        view.watchFrames(60_000);
        long start = System.nanoTime();
        ByteBuffer jpeg = ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        java.util.Random random = new java.util.Random(1);
        int kept = 0;
        for (int i = 0; i < cameraFps * seconds; i++) {
            long now = start + (long) (i * 1e9 / cameraFps + random.nextDouble() * jitterMs * 1e6);
            if (view.wantsFrame(now)) {
                view.frame(jpeg, true, 2, 2, 6, now, now);
                kept++;
            }
        }
        return kept;
    }

    @Test
    void aThirtyFpsCameraFillsAFifteenFpsPreview() {
        assertThat(framesKept(30, 0, 10)).isBetween(148, 151);
        assertThat(framesKept(30, 4, 10)).isBetween(145, 151);
    }

    @Test
    void theRateIsAMaximumForAnyCamera() {
        assertThat(framesKept(60, 2, 10)).isBetween(140, 151);
        assertThat(framesKept(120, 1, 10)).isBetween(145, 151);
        assertThat(framesKept(10, 2, 10)).isBetween(98, 100);
    }

    @Test
    void nobodyWatchingMeansNoFrames() {
        LiveView view = new LiveView(15);
        assertThat(view.wantsFrame(System.nanoTime())).isFalse();
    }
}
