package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesToATenthOfAMillisecond() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMs(0.5)).isZero();
        for (int i = 1; i <= 100; i++) {
            h.add(i * 1_000_000L); // 1..100 ms
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMs(0.50)).isEqualTo(50.1);
        assertThat(h.percentileMs(0.99)).isEqualTo(99.1);
        assertThat(h.maxMs()).isEqualTo(100.0);
        assertThat(h.minMs()).isEqualTo(1.0);
        h.add(10_000_000_000L); // 10 s: beyond the bins, still the max
        assertThat(h.maxMs()).isEqualTo(10_000.0);
        assertThat(h.percentileMs(1.0)).isEqualTo(10_000.0);
    }
}
