package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The exact, array-based figures: the reference the accumulators are tested against. */
class SyncQualityTest {

    private static long[] ms(long... millis) {
        long[] ns = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            ns[i] = millis[i] * 1_000_000L;
        }
        return ns;
    }

    @Test
    void computesTheDesignNoteFiguresOnHandMadeData() {
        // Controls every 20 ms except one 40 ms gap; frames at 0, 33, 66, 100.
        long[] controls = ms(0, 20, 40, 80, 100);
        long[] frames = ms(0, 33, 66, 100);
        SyncQuality q = SyncQuality.of(controls, frames);

        assertThat(q.avgControlIntervalMs()).isCloseTo(25.0, within(1e-9));
        // Intervals 20,20,40,20: worst deviation from 25 is 15.
        assertThat(q.controlJitterMs()).isCloseTo(15.0, within(1e-9));
        assertThat(q.avgFrameIntervalMs()).isCloseTo(100.0 / 3, within(1e-9));
        // Intervals 33,33,34 around 33.333: worst is 0.667.
        assertThat(q.frameJitterMs()).isCloseTo(34 - 100.0 / 3, within(1e-9));
        // Frame 66 is 14 ms from 80 and 26 from 40; frame 33 is 7 from 40: worst is 14.
        assertThat(q.maxOffsetMs()).isCloseTo(14.0, within(1e-9));
        assertThat(q.status()).isEqualTo("GOOD");
        assertThat(q.line()).isEqualTo("Sync quality: 14.00 ms max offset [GOOD]");
    }

    @Test
    void warnsWhenAnyFigureReachesFiftyMilliseconds() {
        SyncQuality bigOffset = SyncQuality.of(ms(0, 20, 40), ms(100, 133));
        assertThat(bigOffset.maxOffsetMs()).isEqualTo(93.0);
        assertThat(bigOffset.status()).isEqualTo("WARNING");

        SyncQuality jitteryControls = SyncQuality.of(ms(0, 10, 20, 30, 130, 140), ms(0, 10, 20, 30, 130, 140));
        assertThat(jitteryControls.maxOffsetMs()).isZero();
        assertThat(jitteryControls.controlJitterMs()).isGreaterThanOrEqualTo(50.0);
        assertThat(jitteryControls.status()).isEqualTo("WARNING");
    }

    @Test
    void nothingToPairIsAWarningNotACrash() {
        SyncQuality q = SyncQuality.of(new long[0], ms(0, 33));
        assertThat(q.maxOffsetMs()).isZero();
        assertThat(q.avgControlIntervalMs()).isZero();
        assertThat(q.status()).isEqualTo("WARNING");
        assertThat(SyncQuality.of(ms(0, 20), new long[0]).status()).isEqualTo("WARNING");
        // One of each pairs: no intervals, so no jitter.
        SyncQuality single = SyncQuality.of(ms(10), ms(13));
        assertThat(single.maxOffsetMs()).isEqualTo(3.0);
        assertThat(single.status()).isEqualTo("GOOD");
    }

    @Test
    void offsetsTolerateAnyOrder() {
        assertThat(SyncQuality.maxOffsetMs(ms(100, 0, 40, 20), ms(66, 10))).isEqualTo(26.0);
    }

    @Test
    void intervalPercentilesUseNearestRank() {
        long[] t = new long[100];
        long now = 0;
        for (int i = 1; i <= 100; i++) {
            t[i - 1] = now;
            now += i * 1_000_000L; // intervals 1..99 ms (the 100th is never closed)
        }
        IntervalStats s = IntervalStats.of(t);
        assertThat(s.intervals()).isEqualTo(99);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p95Ms()).isEqualTo(95.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(99.0);
        assertThat(s.meanMs()).isCloseTo(50.0, within(1e-9));
    }
}
