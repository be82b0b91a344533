package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceiveTimeClockTest {

    @Test
    void keepsReceiveTimeAndMeasuresDriftAndDelayAboveTheEnvelope() {
        ReceiveTimeClock clock = new ReceiveTimeClock();
        Random random = new Random(7);
        double ppm = 1500; // device runs fast
        long hostStart = 1_000_000_000_000L;
        for (int i = 0; i < 50 * 30; i++) {
            long trueNs = hostStart + i * 20_000_000L;
            long deviceUs = 5_000 + Math.round((trueNs - hostStart) / 1000.0 * (1 + ppm / 1e6));
            long receiveNs = trueNs + (long) (random.nextDouble() * 16_000_000L);
            assertThat(clock.toEpisodeNs(0, deviceUs, receiveNs)).isEqualTo(receiveNs);
        }
        ClockFit fit = clock.fit();
        assertThat(fit.method()).isEqualTo("receive_time");
        assertThat(fit.driftPpm()).isCloseTo(ppm, within(60.0));
        // Delays are uniform in 0..16 ms: p99 above the envelope is close to 16 ms.
        assertThat(fit.residualP99Ms()).isBetween(14.0, 17.0);
        assertThat(fit.segments()).isEqualTo(1);
        assertThat(fit.samples()).isEqualTo(1500);
    }

    @Test
    void aBoardResetStartsANewSegment() {
        ReceiveTimeClock clock = new ReceiveTimeClock();
        clock.toEpisodeNs(0, 1_000, 10_000_000);
        clock.toEpisodeNs(0, 21_000, 30_000_000);
        clock.toEpisodeNs(1, 500, 50_000_000);
        assertThat(clock.fit().segments()).isEqualTo(2);
    }
}
