package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ControlWindowTest {

    @Test
    void keepsTheLargestTimesSortedInAFixedBuffer() {
        ControlWindow window = new ControlWindow(8);
        int buffer = window.bufferLength();
        SplittableRandom random = new SplittableRandom(3);
        long[] seen = new long[5_000];
        for (int i = 0; i < seen.length; i++) {
            // Nearly in order: now and then up to 5 steps back.
            seen[i] = i * 10L - (random.nextInt(10) == 0 ? random.nextInt(50) : 0);
            window.add(seen[i]);
            long[] largest = Arrays.copyOfRange(sorted(seen, i + 1), Math.max(0, i + 1 - 8), i + 1);
            assertThat(window.size()).isEqualTo(largest.length);
            assertThat(window.oldestNs()).isEqualTo(largest[0]);
            long probe = seen[i] - random.nextInt(100);
            assertThat(window.distanceNs(probe)).isEqualTo(NearestSample.distanceNs(largest, probe));
        }
        assertThat(window.isFull()).isTrue();
        assertThat(window.bufferLength()).isEqualTo(buffer).isEqualTo(10);
    }

    @Test
    void dropsATimeOlderThanAFullWindow() {
        ControlWindow window = new ControlWindow(4);
        for (long t : new long[] {10, 20, 30, 40, 5}) {
            window.add(t);
        }
        assertThat(window.oldestNs()).isEqualTo(10);
        assertThat(window.distanceNs(0)).isEqualTo(10);
        window.clear();
        assertThat(window.isEmpty()).isTrue();
    }

    private static long[] sorted(long[] values, int n) {
        long[] copy = Arrays.copyOf(values, n);
        Arrays.sort(copy);
        return copy;
    }
}
