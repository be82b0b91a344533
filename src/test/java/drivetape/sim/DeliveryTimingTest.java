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
    void withoutJitterEveryPieceArrivesOnTheBridgeGridAndTheLastOneWhenTheLastByteIsOut() {
        for (int quantumMs : new int[] {1, 4, 16}) {
            SimConfig config = SimConfig.builder().seed(3).driftPpm(-2500).quantumMs(quantumMs)
                    .t0Us(U32 - 2_000_000).build();
            long quantum = quantumMs * 1_000_000L;
            long previous = Long.MIN_VALUE;
            for (GeneratedLine line : GeneratedLine.until(config, 20 * SECOND)) {
                for (long piece : line.pieceNanos()) {
                    assertThat(piece % quantum).as(line.toString()).isZero();
                    assertThat(piece).isGreaterThanOrEqualTo(previous);
                    previous = piece;
                }
                // The bridge forwards the last byte at the first flush after it left the UART.
                assertThat(line.deliveryNanos()).isEqualTo(Math.floorDiv(line.uartEndNanos() + quantum - 1, quantum) * quantum);
                assertThat(line.deliveryNanos() - line.uartEndNanos()).isBetween(0L, quantum - 1);
            }
        }
    }

    @Test
    void jitterComesOnTopOfTheGridNeverEarly() {
        SimConfig config = SimConfig.builder().seed(3).driftPpm(-2500).jitterMs(3).quantumMs(4).build();
        long previous = Long.MIN_VALUE;
        long maxAboveGrid = 0;
        for (GeneratedLine line : GeneratedLine.until(config, 20 * SECOND)) {
            long flushed = config.link().nextFlush(line.uartEndNanos());
            long aboveGrid = line.deliveryNanos() - flushed;
            assertThat(aboveGrid).isGreaterThanOrEqualTo(0);
            if (line.deliveryNanos() != previous) { // not held back by the piece before
                assertThat(aboveGrid).isLessThanOrEqualTo(3_000_000L);
            }
            previous = line.deliveryNanos();
            maxAboveGrid = Math.max(maxAboveGrid, aboveGrid);
        }
        assertThat(maxAboveGrid).isGreaterThan(2_500_000L);
    }

    @Test
    void driftJitterQuantumAndTheWrapCombineWithoutChangingWhatIsMeasured() {
        double ppm = 3700;
        SimConfig calm = SimConfig.builder().seed(9).driftPpm(ppm).t0Us(U32 - 1_000_000).link(LinkKind.USB).build();
        SimConfig rough = calm.toBuilder().link(LinkKind.UART).jitterMs(12).quantumMs(4).build();
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
            double expectedNanos = (line.deviceUs() - calm.board().t0Us()) * 1000.0 / (1 + ppm * 1e-6);
            assertThat((double) line.measuredNanos()).isCloseTo(expectedNanos, org.assertj.core.api.Assertions.within(1.0));
        }
        assertThat(b.get(n - 1).deviceUs()).isGreaterThan(U32); // it wrapped on the way
    }

    /**
     * A lower envelope finds the measurement moments once each line's known UART time (its bytes x 10 /
     * baud) is taken off its receive time: what a recorder told link=uart can do.
     */
    @Test
    void anEnvelopeClockRecoversTheMeasurementTimesFromWhatTheHostSeesLessTheUartTime() {
        long hostStart = 1_700_000_000_000_000_000L;
        SimConfig[] configs = {
            SimConfig.builder().seed(5).driftPpm(2500).jitterMs(16).t0Us(U32 - 4_000_000).link(LinkKind.USB).build(),
            SimConfig.builder().seed(6).driftPpm(-4000).jitterMs(0.5).quantumMs(4).link(LinkKind.USB).build(),
            SimConfig.builder().seed(7).driftPpm(3000).jitterMs(0.5).build(), // an Uno: UART, 1 ms USB frames
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
                long uart = config.link().uartNanos(line.bytes().length);
                clock.toEpisodeNs(tracker.segment(), unwrapped[i], hostStart + line.deliveryNanos() - uart);
            }
            ClockMapping mapping = clock.finalMapping();
            double[] errorsMs = new double[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                long estimate = mapping.toEpisodeNs(0, unwrapped[i]);
                errorsMs[i] = Math.abs(estimate - (hostStart + lines.get(i).measuredNanos())) / 1e6;
            }
            Arrays.sort(errorsMs);
            assertThat(errorsMs[(int) Math.ceil(0.99 * errorsMs.length) - 1]).as(config.toString()).isLessThanOrEqualTo(0.5);
            assertThat(clock.fit().driftPpm()).isCloseTo(config.board().driftPpm(), org.assertj.core.api.Assertions.within(30.0));
        }
    }

    @Test
    void onAUartTheReceiveTimeIsLateByAtLeastTheLinesUartTime() {
        SimConfig config = SimConfig.builder().seed(8).build();
        for (GeneratedLine line : records(config, 5 * SECOND)) {
            assertThat(line.deliveryNanos() - line.measuredNanos())
                    .isGreaterThanOrEqualTo(config.link().uartNanos(line.bytes().length));
        }
    }
}
