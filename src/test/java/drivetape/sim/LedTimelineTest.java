package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LedTimelineTest {

    @Test
    void theStateAndTheLitFractionOfAWindowFollowTheSwitches() {
        LedTimeline leds = new LedTimeline();
        assertThat(leds.isOnAt(0)).isFalse();
        leds.toggle(1000);
        leds.toggle(3000);
        leds.toggle(3500);
        assertThat(leds.isOnAt(999)).isFalse();
        assertThat(leds.isOnAt(1000)).isTrue(); // a switch at the moment counts as done
        assertThat(leds.isOnAt(2999)).isTrue();
        assertThat(leds.isOnAt(3000)).isFalse();
        assertThat(leds.isOnAt(1_000_000)).isTrue();
        assertThat(leds.litFraction(0, 1000)).isZero();
        assertThat(leds.litFraction(1000, 3000)).isEqualTo(1.0);
        assertThat(leds.litFraction(500, 1500)).isEqualTo(0.5);
        assertThat(leds.litFraction(2000, 4000)).isCloseTo((1000 + 500) / 2000.0, within(1e-12));
        assertThat(leds.litFraction(5000, 5000)).isEqualTo(1.0);
        assertThat(leds.switches()).isEqualTo(3);
    }

    @Test
    void settlingOnlyMovesForwardAndEndsAtForever() {
        LedTimeline leds = new LedTimeline();
        assertThat(leds.settledUntil()).isEqualTo(Long.MIN_VALUE);
        leds.settle(500);
        leds.settle(400);
        assertThat(leds.settledUntil()).isEqualTo(500);
        leds.settleForever();
        assertThat(leds.settledUntil()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void keepsTheLastSwitchesOnceTheRingWraps() {
        LedTimeline leds = new LedTimeline();
        int n = LedTimeline.CAPACITY * 2 + 3;
        for (int i = 1; i <= n; i++) {
            leds.toggle(i * 10L);
        }
        assertThat(leds.isOnAt(n * 10L)).isEqualTo(n % 2 == 1);
        assertThat(leds.isOnAt(n * 10L - 1)).isEqualTo(n % 2 == 0);
        assertThat(leds.litFraction((n - 1) * 10L, n * 10L)).isEqualTo(n % 2 == 0 ? 1.0 : 0.0);
    }
}
