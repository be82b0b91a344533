package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramBinsTest {

    @Test
    void percentilesAreWithinTheBinWidthOfTheExactOnes() {
        Random random = new Random(5);
        long[] values = new long[20_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // Log-uniform from 10 ns to 10 ms, as latencies spread.
            values[i] = (long) Math.pow(10, 1 + 6 * random.nextDouble());
            histogram.accept(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            double exactUs = values[(int) Math.ceil(q * values.length) - 1] / 1e3;
            assertThat(histogram.percentileUs(q)).as("p" + q).isCloseTo(exactUs, within(exactUs / 16 + 0.001));
        }
        assertThat(histogram.count()).isEqualTo(values.length);
        assertThat(histogram.maxUs()).isEqualTo(values[values.length - 1] / 1e3);
    }

    @Test
    void binsCoverEveryValueAndEdgesIncrease() {
        long previousEdge = -1;
        for (int b = 0; b < LatencyHistogram.bin(Long.MAX_VALUE) + 1; b++) {
            long edge = LatencyHistogram.upperEdge(b);
            assertThat(edge).isGreaterThan(previousEdge);
            assertThat(LatencyHistogram.bin(edge)).isEqualTo(b);
            assertThat(LatencyHistogram.bin(previousEdge + 1)).isEqualTo(b);
            previousEdge = edge;
        }
        assertThat(previousEdge).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void emptyHistogramSaysZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentileUs(0.99)).isZero();
        assertThat(histogram.maxUs()).isZero();
    }
}
