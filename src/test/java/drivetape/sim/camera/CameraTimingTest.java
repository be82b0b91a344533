package drivetape.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CameraTimingTest {

    @Test
    void frameNIsExposedAroundNPeriodsAndSentTheLatencyLater() {
        CameraSimConfig config = CameraSimConfig.defaults();
        assertThat(config).isEqualTo(new CameraSimConfig(30, 640, 360, 40, 2));
        assertThat(config.exposureMiddleNanos(0)).isZero();
        assertThat(config.exposureMiddleNanos(1)).isEqualTo(33_333_333);
        assertThat(config.exposureMiddleNanos(2)).isEqualTo(66_666_667);
        assertThat(config.exposureMiddleNanos(30)).isEqualTo(1_000_000_000);
        for (long n = 0; n < 1000; n += 7) {
            assertThat(config.sendNanos(n) - config.exposureMiddleNanos(n)).isEqualTo(40_000_000);
        }
        CameraSimConfig slow = new CameraSimConfig(12.5, 320, 240, 120.5, 10);
        assertThat(slow.sendNanos(3)).isEqualTo(240_000_000 + 120_500_000);
    }

    @Test
    void theFirstFrameAfterAMomentIsTheFirstWhoseExposureHasNotBegun() {
        CameraSimConfig config = new CameraSimConfig(30, 640, 360, 40, 2);
        assertThat(config.firstFrameAfter(-5_000_000)).isZero();
        assertThat(config.firstFrameAfter(-1_000_000)).isEqualTo(1); // frame 0's exposure starts at -1 ms
        assertThat(config.firstFrameAfter(0)).isEqualTo(1);
        assertThat(config.firstFrameAfter(32_333_332)).isEqualTo(1);
        assertThat(config.firstFrameAfter(32_333_333)).isEqualTo(2);
        assertThat(config.firstFrameAfter(500_000_000)).isEqualTo(16);
    }

    @Test
    void refusesWhatNoCameraDoes() {
        assertThatThrownBy(() -> new CameraSimConfig(0, 640, 360, 40, 2)).hasMessageContaining("fps");
        assertThatThrownBy(() -> new CameraSimConfig(30, 100, 80, 40, 2)).hasMessageContaining("size");
        assertThatThrownBy(() -> new CameraSimConfig(30, 641, 360, 40, 2)).hasMessageContaining("even");
        assertThatThrownBy(() -> new CameraSimConfig(30, 640, 360, 1, 4)).hasMessageContaining("latency");
        assertThatThrownBy(() -> new CameraSimConfig(30, 640, 360, 40, 34)).hasMessageContaining("exposure");
    }
}
