package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveTimeClockTest {

    @Test
    void passesReceiveTimeThroughAndCountsSegments() {
        ReceiveTimeClock clock = new ReceiveTimeClock();
        assertThat(clock.toEpisodeNs(0, 1_000, 10_000_000)).isEqualTo(10_000_000);
        assertThat(clock.toEpisodeNs(0, 21_000, 30_000_000)).isEqualTo(30_000_000);
        assertThat(clock.toEpisodeNs(1, 500, 50_000_000)).isEqualTo(50_000_000);
        ClockFit fit = clock.fit();
        assertThat(fit.method()).isEqualTo("receive_time");
        assertThat(fit.segments()).isEqualTo(2);
        assertThat(fit.samples()).isEqualTo(3);
        assertThat(clock.finalMapping()).isNull();
    }
}
