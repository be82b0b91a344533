package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void millisecondPercentilesWithinThreePercent() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMs(0.5)).isZero();
        for (int i = 1; i <= 100; i++) {
            h.add(i * 1_000_000L); // 1..100 ms
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMs(0.50)).isCloseTo(50.0, within(50.0 * 0.03));
        assertThat(h.percentileMs(0.99)).isCloseTo(99.0, within(99.0 * 0.03));
        assertThat(h.maxMs()).isEqualTo(100.0);
        assertThat(h.minMs()).isEqualTo(1.0);
        h.add(10_000_000_000L); // 10 s
        assertThat(h.maxMs()).isEqualTo(10_000.0);
        assertThat(h.percentileMs(1.0)).isEqualTo(10_000.0);
    }

    @Test
    void aConstantLatencyIsReportedExactly() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 10; i++) {
            h.add(20_000_000L);
        }
        // The percentile never exceeds the largest value seen.
        assertThat(h.percentileMs(0.5)).isEqualTo(20.0);
    }
}
