package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrameClockTest {
    private static final long PERIOD = 33_366_700L; // 29.97 fps

    @Test
    void theSteadyClockIsTheFastestArrivalsWithDroppedFramesCountedIn() {
        SplittableRandom random = new SplittableRandom(3);
        long[] arrivals = new long[300];
        long[] truth = new long[300];
        for (int i = 0, frame = 0; i < arrivals.length; i++, frame += (i % 50 == 0) ? 2 : 1) {
            truth[i] = 5_000_000_000L + frame * PERIOD; // a frame dropped every 50
            arrivals[i] = truth[i] + 40_000_000L + (random.nextInt(5) == 0 ? 1_000_000L + random.nextLong(9_000_000L)
                    : random.nextLong(200_000L));
        }
        long[] steady = FrameClock.steady(arrivals);
        for (int i = 0; i < arrivals.length; i++) {
            assertThat(steady[i]).isLessThanOrEqualTo(arrivals[i]);
            assertThat((double) (steady[i] - truth[i] - 40_000_000L)).isCloseTo(0, within(250_000.0));
        }
    }

    @Test
    void aCameraGoneAndBackStartsARunOnItsOwnClock() {
        long[] arrivals = new long[200];
        long[] truth = new long[200];
        for (int i = 0; i < arrivals.length; i++) {
            // 100 frames, 2 s without, then 100 more at another phase of the frame clock.
            truth[i] = i < 100 ? i * PERIOD : 2_000_000_000L + 100 * PERIOD + 12_345_678L + (i - 100) * PERIOD;
            arrivals[i] = truth[i] + (i % 7 == 3 ? 4_000_000L : 100_000L);
        }
        long[] steady = FrameClock.steady(arrivals);
        for (int i = 0; i < arrivals.length; i++) {
            assertThat((double) (steady[i] - truth[i])).as("frame %d", i).isCloseTo(100_000, within(50_000.0));
        }
    }

    @Test
    void framesOnNoSteadyClockKeepTheirArrivalTimes() {
        long[] irregular = new long[40];
        for (int i = 1; i < irregular.length; i++) {
            irregular[i] = irregular[i - 1] + (i % 3 == 0 ? 10_000_000L : 45_000_000L);
        }
        assertThat(FrameClock.steady(irregular)).isSameAs(irregular);
        long[] few = {0, 33_000_000L, 66_000_000L};
        assertThat(FrameClock.steady(few)).isSameAs(few);
    }
}
