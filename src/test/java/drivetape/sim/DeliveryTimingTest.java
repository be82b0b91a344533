package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.serial.ClockSegmentTracker;
import drivetape.timing.ClockMapping;
import drivetape.timing.EnvelopeClock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drift, jitter, the bridge's flush quantum and the micros() wrap together, on the schedule's virtual clock. */
class DeliveryTimingTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long U32 = 1L << 32;

    private static List<GeneratedLine> records(SimConfig config, long untilNanos) {
        return GeneratedLine.until(config, untilNanos).stream()
                .filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE || l.kind() == ScheduledLine.Kind.EVENT)
                .toList();
    }

    @Test
    void aQuantumDeliversOnFlushBoundariesInOrderAndNeverEarly() {
        for (int quantumMs : new int[] {1, 4, 16}) {
            SimConfig config = SimConfig.defaults().withSeed(3).withDriftPpm(-2500).withJitterMs(3)
                    .withQuantumMs(quantumMs).withT0Us(U32 - 2_000_000);
            long quantum = quantumMs * 1_000_000L;
            long previous = Long.MIN_VALUE;
            long maxDelay = 0;
            for (GeneratedLine line : GeneratedLine.until(config, 20 * SECOND)) {
                long delay = line.deliveryNanos() - line.measuredNanos();
                assertThat(line.deliveryNanos() % quantum).as(line.toString()).isZero();
                assertThat(delay).isGreaterThanOrEqualTo(0);
                assertThat(line.deliveryNanos()).isGreaterThanOrEqualTo(previous);
                if (line.deliveryNanos() != previous) { // not held back by the line before
                    assertThat(delay).isLessThan(3_000_000L + quantum);
                }
                previous = line.deliveryNanos();
                maxDelay = Math.max(maxDelay, delay);
            }
            assertThat(maxDelay).isGreaterThan(quantum);
        }
    }

    @Test
    void driftJitterQuantumAndTheWrapCombineWithoutChangingWhatIsMeasured() {
        double ppm = 3700;
        SimConfig calm = SimConfig.defaults().withSeed(9).withDriftPpm(ppm).withT0Us(U32 - 1_000_000);
        SimConfig rough = calm.withJitterMs(12).withQuantumMs(4);
        List<GeneratedLine> a = records(calm, 5 * SECOND);
        List<GeneratedLine> b = records(rough, 5 * SECOND);
        int n = Math.min(a.size(), b.size());
        assertThat(n).isGreaterThan(200);
        for (int i = 0; i < n; i++) {
            GeneratedLine line = b.get(i);
            // Delivery never changes the bytes or the measurement, only when the host gets them.
            assertThat(line.text()).isEqualTo(a.get(i).text());
            assertThat(line.measuredNanos()).isEqualTo(a.get(i).measuredNanos());
            // t_us on the wire is micros() mod 2^32; the device clock runs ppm fast against true time.
            long tUs = Long.parseLong(line.text().split(",")[1]);
            assertThat(tUs).isEqualTo(line.deviceUs() % U32);
            double expectedNanos = (line.deviceUs() - calm.t0Us()) * 1000.0 / (1 + ppm * 1e-6);
            assertThat((double) line.measuredNanos()).isCloseTo(expectedNanos, org.assertj.core.api.Assertions.within(1.0));
        }
        assertThat(b.get(n - 1).deviceUs()).isGreaterThan(U32); // it wrapped on the way
    }

    @Test
    void anEnvelopeClockRecoversTheMeasurementTimesFromWhatTheHostSees() {
        long hostStart = 1_700_000_000_000_000_000L;
        SimConfig[] configs = {
            SimConfig.defaults().withSeed(5).withDriftPpm(2500).withJitterMs(16).withT0Us(U32 - 4_000_000),
            SimConfig.defaults().withSeed(6).withDriftPpm(-4000).withJitterMs(0.5).withQuantumMs(4),
        };
        for (SimConfig config : configs) {
            List<GeneratedLine> lines = records(config, 15 * SECOND);
            ClockSegmentTracker tracker = new ClockSegmentTracker();
            EnvelopeClock clock = new EnvelopeClock();
            long[] unwrapped = new long[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                GeneratedLine line = lines.get(i);
                String[] fields = line.text().substring(1).split("[,*]");
                tracker.accept(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
                unwrapped[i] = tracker.deviceUs();
                clock.toEpisodeNs(tracker.segment(), unwrapped[i], hostStart + line.deliveryNanos());
            }
            ClockMapping mapping = clock.finalMapping();
            double[] errorsMs = new double[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                long estimate = mapping.toEpisodeNs(0, unwrapped[i]);
                errorsMs[i] = Math.abs(estimate - (hostStart + lines.get(i).measuredNanos())) / 1e6;
            }
            Arrays.sort(errorsMs);
            assertThat(errorsMs[(int) Math.ceil(0.99 * errorsMs.length) - 1]).as(config.toString()).isLessThanOrEqualTo(0.5);
            assertThat(clock.fit().driftPpm()).isCloseTo(config.driftPpm(), org.assertj.core.api.Assertions.within(30.0));
        }
    }
}
