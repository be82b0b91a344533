package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void millisecondPercentilesWithinOnePercent() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMs(0.5)).isZero();
        for (int i = 1; i <= 100; i++) {
            h.add(i * 1_000_000L); // 1..100 ms
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentileMs(0.50)).isCloseTo(50.0, within(50.0 * 0.01));
        assertThat(h.percentileMs(0.99)).isCloseTo(99.0, within(99.0 * 0.01));
        assertThat(h.maxMs()).isEqualTo(100.0);
        assertThat(h.minMs()).isEqualTo(1.0);
        h.add(10_000_000_000L); // 10 s
        assertThat(h.maxMs()).isEqualTo(10_000.0);
        assertThat(h.percentileMs(1.0)).isEqualTo(10_000.0);
    }

    @Test
    void percentilesAreTheNearestRankValueOrAtMostOneBinAbove() {
        Random random = new Random(5);
        long[] values = new long[20_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // Log-uniform from 10 ns to 10 ms, as latencies spread.
            values[i] = (long) Math.pow(10, 1 + 6 * random.nextDouble());
            histogram.accept(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.0, 0.5, 0.9, 0.99, 0.999, 1.0}) {
            long exact = values[(int) NearestRank.of(q, values.length) - 1];
            assertThat(histogram.percentileNs(q)).as("p" + q).isBetween(exact, exact + exact / 128);
        }
        assertThat(histogram.count()).isEqualTo(values.length);
        assertThat(histogram.maxUs()).isEqualTo(values[values.length - 1] / 1e3);
    }

    @Test
    void everyCountGetsTheNearestRankOfTheExactPath() {
        for (int n = 1; n <= 300; n++) {
            LatencyHistogram h = new LatencyHistogram();
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = Math.round(1_000 * Math.pow(1.02, i)); // 2% apart: each in its own bin
                h.add(values[i]);
            }
            for (double q : new double[] {0.5, 0.95, 0.99}) {
                long exact = values[(int) NearestRank.of(q, n) - 1];
                assertThat(h.percentileNs(q)).as("p" + q + " of " + n).isBetween(exact, exact + exact / 128);
            }
        }
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

    @Test
    void negativeAndHugeValuesAreKeptInRange() {
        LatencyHistogram h = new LatencyHistogram();
        h.add(-5_000_000);
        assertThat(h.minMs()).isEqualTo(-5.0);
        assertThat(h.percentileMs(0.5)).isEqualTo(-5.0); // the bin of 0, capped at the max seen
        h.add(Long.MAX_VALUE);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.percentileNs(1.0)).isGreaterThan(Long.MAX_VALUE / 2 - Long.MAX_VALUE / 64);
    }

    @Test
    void emptyHistogramSaysZeroAndClearEmptiesIt() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileUs(0.99)).isZero();
        assertThat(h.maxUs()).isZero();
        h.add(1_000);
        h.clear();
        assertThat(h.count()).isZero();
        assertThat(h.percentileUs(0.99)).isZero();
        assertThat(h.maxUs()).isZero();
        assertThat(h.minMs()).isZero();
    }

    @Test
    void recordingAllocatesNothingAndTheFootprintIsFixed() {
        LatencyHistogram h = new LatencyHistogram();
        int footprint = h.footprintBytes();
        for (long v = 0; v < 200_000; v++) {
            h.add(v * 37); // warm up
        }
        long allocated = Allocations.bytesAllocatedBy(() -> {
            for (long v = 0; v < 1_000_000; v++) {
                h.add(v * v);
            }
        });
        assertThat(allocated).isLessThan(1_000);
        assertThat(h.footprintBytes()).isEqualTo(footprint).isLessThan(64 * 1024);
    }
}
