package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timestamp arithmetic, which a real camera would exercise. */
class FfmpegFrameSourceTest {

    @Test
    void convertsPtsToMicrosecondsThroughTheTimeBase() {
        assertThat(FfmpegFrameSource.toMicros(1_234_567, 1, 1_000_000)).isEqualTo(1_234_567);
        assertThat(FfmpegFrameSource.toMicros(500, 1, 1000)).isEqualTo(500_000);
        assertThat(FfmpegFrameSource.toMicros(3, 1, 10)).isEqualTo(300_000);
        assertThat(FfmpegFrameSource.toMicros(90_000 * 2 + 45_000, 1, 90_000)).isEqualTo(2_500_000);
        assertThat(FfmpegFrameSource.toMicros(31, 1001, 30_000)).isEqualTo(1_034_366); // 31 NTSC frames
    }

    @Test
    void v4l2TimestampsOfAHostUpForYearsDoNotOverflow() {
        long fiveYearsUs = 5L * 365 * 24 * 3600 * 1_000_000;
        assertThat(FfmpegFrameSource.toMicros(fiveYearsUs, 1, 1_000_000)).isEqualTo(fiveYearsUs);
    }

    @Test
    void keepsADeviceTimeOnlyWhenItIsOnTheHostsMonotonicClock() {
        long now = System.nanoTime();
        long nowUs = now / 1000;
        assertThat(FfmpegFrameSource.onHostClockOrUnknown(nowUs - 35_000, now)).isEqualTo(nowUs - 35_000);
        // A stale frame buffered while the recorder was starting is still on the clock.
        assertThat(FfmpegFrameSource.onHostClockOrUnknown(nowUs - 2_000_000, now)).isEqualTo(nowUs - 2_000_000);
        // Wall-clock microseconds (a driver using CLOCK_REALTIME) are not.
        long epochUs = System.currentTimeMillis() * 1000;
        assertThat(FfmpegFrameSource.onHostClockOrUnknown(epochUs, now)).isEqualTo(Long.MIN_VALUE);
        assertThat(FfmpegFrameSource.onHostClockOrUnknown(Long.MIN_VALUE, now)).isEqualTo(Long.MIN_VALUE);
        assertThat(FfmpegFrameSource.onHostClockOrUnknown(nowUs + 5_000_000, now)).isEqualTo(Long.MIN_VALUE);
    }
}
