package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The targets: with a drift of -5000..+5000 ppm and a one-sided uniform delay of 0..20 ms, the final
 * mapping puts 99% of 50 Hz records within 0.5 ms of their true moment over 15 s, the first seconds included.
 *
 * <p>The online estimate has only the past: its first records know nothing better than their own receive
 * time (the first is off by its whole delay; after k records the floor is the least of k delays, about
 * 20 ms / k), and its slope needs a second or two of data before it beats assuming no drift. So its bound
 * is looser and split: within 1.5 ms from 2 s on, and over the whole episode no worse than receive time.
 */
class EnvelopeClockTest {
    private static final double TARGET_MS = 0.5;

    @Test
    void theReferenceCase2500PpmAnd16MsJitterOver15Seconds() {
        ClockScenario s = new ClockScenario();
        s.driftPpm = 2500;
        s.jitterMs = 16;
        s.seed = 1;
        ClockScenario.Run run = s.run();
        System.out.println("2500 ppm, 0..16 ms, 15 s at 50 Hz: receive " + run.receive() + "; online " + run.online()
                + "; online from 2 s " + run.onlineFrom(2) + "; final " + run.finalMapping());

        assertThat(run.receive().p99Ms()).isGreaterThan(15.0); // what the mapping is up against
        assertThat(run.finalMapping().p99Ms()).isLessThanOrEqualTo(TARGET_MS);
        assertThat(run.finalMapping().maxMs()).isLessThanOrEqualTo(TARGET_MS);
        assertThat(run.online().p50Ms()).isLessThanOrEqualTo(0.2);
        assertThat(run.online().maxMs()).isLessThan(run.receive().maxMs());
        assertThat(run.onlineFrom(2).p99Ms()).isLessThanOrEqualTo(1.5);
        assertThat(run.onlineFrom(5).p99Ms()).isLessThanOrEqualTo(0.5);

        ClockFit fit = run.clock().fit();
        assertThat(fit.method()).isEqualTo("lower_envelope");
        assertThat(fit.driftPpm()).isCloseTo(2500, within(25.0));
        assertThat(fit.samples()).isEqualTo(750);
        assertThat(fit.segments()).isEqualTo(1);
        assertThat(fit.residualP99Ms()).isBetween(14.0, 17.0); // uniform 0..16 ms above the envelope
        assertThat(fit.perSegment()).singleElement().satisfies(seg -> {
            assertThat(seg.samples()).isEqualTo(750);
            assertThat(seg.durationS()).isCloseTo(15.0, within(0.1));
        });
    }

    @ParameterizedTest
    @ValueSource(doubles = {-5000, -2500, -700, 0, 1000, 2500, 5000})
    void finalMappingMeetsTheTargetAcrossDriftsWithUpTo20MsDelay(double ppm) {
        for (long seed = 1; seed <= 10; seed++) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = ppm;
            s.jitterMs = 20;
            s.seed = seed;
            ClockScenario.Run run = s.run();
            ClockScenario.Records r = run.records();
            int firstTwoSeconds = 100;
            assertThat(ClockScenario.Errors.of(run.finalNs(), r.trueNs(), 0, firstTwoSeconds).maxMs())
                    .as("first 2 s, seed %d", seed).isLessThanOrEqualTo(TARGET_MS);
            assertThat(run.finalMapping().p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(TARGET_MS);
            assertThat(run.onlineFrom(2).p99Ms()).as("online, seed %d", seed).isLessThanOrEqualTo(1.5);
            assertThat(run.online().p99Ms()).as("online, seed %d", seed).isLessThan(run.receive().p99Ms());
        }
    }

    @Test
    void aLongEpisodePinsTheDriftToAFewPpm() {
        for (double ppm : new double[] {-4200, 3300}) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = ppm;
            s.jitterMs = 16;
            s.durationS = 120;
            s.seed = 3;
            ClockScenario.Run run = s.run();
            assertThat(run.clock().fit().driftPpm()).isCloseTo(ppm, within(2.0));
            assertThat(run.finalMapping().p99Ms()).isLessThanOrEqualTo(0.2);
            assertThat(run.onlineFrom(10).p99Ms()).isLessThanOrEqualTo(0.3);
        }
    }

    @Test
    void followsTheDriftOfAWarmingBoard() {
        // 2000 ppm rising by 0.2 ppm a second for 10 minutes: one straight line would be off by about 9 ms.
        ClockScenario s = new ClockScenario();
        s.driftPpm = 2000;
        s.driftRampPpmPerS = 0.2;
        s.jitterMs = 16;
        s.durationS = 600;
        s.seed = 4;
        ClockScenario.Run run = s.run();
        assertThat(run.finalMapping().p99Ms()).isLessThanOrEqualTo(TARGET_MS);
        assertThat(run.onlineFrom(2).p99Ms()).isLessThanOrEqualTo(1.5);
        assertThat(run.clock().fit().driftPpm()).isCloseTo(2060, within(10.0)); // the mean over the segment
    }

    @Test
    void micros32BitWrapMidEpisode() {
        ClockScenario s = new ClockScenario();
        s.t0Us = (1L << 32) - 3_000_000; // micros() wraps 3 s in; the tracker has unwrapped it
        s.driftPpm = -3000;
        s.jitterMs = 20;
        s.seed = 5;
        ClockScenario.Run run = s.run();
        long[] device = run.records().deviceUs();
        assertThat(device[0]).isLessThan(1L << 32);
        assertThat(device[device.length - 1]).isGreaterThan(1L << 32);
        assertThat(run.finalMapping().p99Ms()).isLessThanOrEqualTo(TARGET_MS);
        assertThat(run.onlineFrom(2).p99Ms()).isLessThanOrEqualTo(1.5);
    }

    /**
     * A bridge that flushes on a grid of Q ms: a record's delay is at least the time to the next flush, and
     * only records measured just before one (with little jitter) touch the envelope. At 50 Hz the
     * measurement moments slide across the grid at (drift x 20 ms) per sample, so with the resonator drifts
     * an Uno has (1000-5000 ppm) they sweep a 4 ms gap in 0.8-4 s and the envelope is found; at a drift
     * near 0 the phase is locked and the floor (up to 4 ms) cannot be seen from the data at all.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16})
    void aQuantisedBridgeWithHostSchedulingJitter(int quantumMs) {
        double bound = quantumMs == 1 ? 0.5 : quantumMs == 4 ? 0.6 : 0.8;
        for (double ppm : new double[] {-5000, -1500, 2500, 5000}) {
            for (long seed = 1; seed <= 5; seed++) {
                ClockScenario s = new ClockScenario();
                s.driftPpm = ppm;
                s.jitterMs = 0.5;
                s.quantumMs = quantumMs;
                s.seed = seed;
                ClockScenario.Run run = s.run();
                assertThat(run.finalMapping().p99Ms()).as("%d ppm seed %d", (int) ppm, seed)
                        .isLessThanOrEqualTo(bound);
                assertThat(run.onlineFrom(5).p99Ms()).as("online, %d ppm seed %d", (int) ppm, seed)
                        .isLessThanOrEqualTo(quantumMs + 1.0);
            }
        }
    }

    /**
     * Jitter of 0..16 ms and then a 16 ms flush grid: a record touches the envelope only when both its jitter
     * and its distance to the next flush are small, so the floor of 750 records is about
     * sqrt(2 x 16 x 16 / 750) = 0.8 ms, with the slope error that comes from so few touching points.
     */
    @Test
    void aQuantisedBridgeWithWideJitterIsBoundedByItsFloor() {
        for (long seed = 1; seed <= 5; seed++) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = 2500;
            s.jitterMs = 16;
            s.quantumMs = 16;
            s.seed = seed;
            ClockScenario.Run run = s.run();
            assertThat(run.finalMapping().p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(3.5);
            assertThat(run.receive().p50Ms()).isGreaterThan(10.0);
        }
    }

    @Test
    void lateLinesAndAHostStallDoNotBendTheEnvelope() {
        for (long seed = 1; seed <= 5; seed++) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = -1800;
            s.jitterMs = 16;
            s.outlierFraction = 0.01; // 1% of lines 50-500 ms late
            s.stallAtS = 6;
            s.stallForS = 2; // lines pile up and arrive together
            s.seed = seed;
            ClockScenario.Run run = s.run();
            assertThat(run.receive().maxMs()).isGreaterThan(1900.0);
            assertThat(run.finalMapping().p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(TARGET_MS);
            assertThat(run.finalMapping().maxMs()).as("seed %d", seed).isLessThanOrEqualTo(TARGET_MS);
            assertThat(run.onlineFrom(2).p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(2.0);
            // The stalled records (6-8 s) are mapped by the line, not by when they were read. From 3 s on: at
            // 2 s the online line has 2 s of 16 ms jitter, whose worst record is 0.6-4.6 ms off across seeds,
            // stall or not (seed 3's is 2.3 ms at 2.08 s since loose hull ends are left out of the fit).
            assertThat(run.onlineFrom(3).maxMs()).as("seed %d", seed).isLessThanOrEqualTo(2.0);
        }
    }

    /**
     * A board that does not reset on open (native USB, a CH340 without DTR reset, the simulator started
     * first) has lines waiting in the port: the first read brings 2.5 s of them, all received at the open,
     * then normal delivery. A 5 s calibration run is half backlog.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-5000, -2500, 0, 2500, 5000})
    void aBacklogWaitingAtOpenDoesNotSteerTheSlope(double ppm) {
        for (long seed = 1; seed <= 5; seed++) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = ppm;
            s.jitterMs = 2;
            s.durationS = 5;
            s.stallAtS = 0; // the port is opened at 2.5 s: everything sent before is read at once then
            s.stallForS = 2.5;
            s.seed = seed;
            ClockScenario.Run run = s.run();
            ClockFit fit = run.clock().fitAll();
            System.out.printf(java.util.Locale.ROOT, "backlog 2.5 s of 5 s, %.0f ppm, seed %d: receive %s; final %s;"
                    + " drift %.1f ppm, residual p99 %.3f ms%n", ppm, seed, run.receive(), run.finalMapping(),
                    fit.driftPpm(), fit.residualP99Ms());
            assertThat(run.receive().maxMs()).isGreaterThan(2400.0); // the first line waited 2.5 s
            assertThat(fit.driftPpm()).as("%s ppm, seed %d", ppm, seed).isCloseTo(ppm, within(BACKLOG_DRIFT_PPM));
            assertThat(fit.segments()).isEqualTo(1);
            assertThat(fit.residualP99Ms()).as("%s ppm, seed %d", ppm, seed).isLessThanOrEqualTo(2.5);
            assertThat(run.finalMapping().p99Ms()).as("%s ppm, seed %d", ppm, seed).isLessThanOrEqualTo(TARGET_MS);
            assertThat(run.finalMapping().maxMs()).as("%s ppm, seed %d", ppm, seed).isLessThanOrEqualTo(TARGET_MS);
            // After the backlog, the online estimate is as good as without one.
            assertThat(run.onlineFrom(3.5).p99Ms()).as("%s ppm, seed %d", ppm, seed).isLessThanOrEqualTo(1.5);
        }
    }

    /**
     * What 2.5 s of 0-2 ms delays pin the slope to, with or without a backlog before them (seeds 1-8 without
     * one: up to 63 ppm off; with: up to 37): the data's own limit, not the backlog's. The clamp is 10101.
     */
    private static final double BACKLOG_DRIFT_PPM = 50;

    @Test
    void afterABacklogALongerRunPinsTheDriftToAFewPpm() {
        for (long seed = 1; seed <= 5; seed++) {
            ClockScenario s = new ClockScenario();
            s.driftPpm = 2500;
            s.jitterMs = 2;
            s.durationS = 15;
            s.stallAtS = 0;
            s.stallForS = 2.5;
            s.seed = seed;
            ClockScenario.Run run = s.run();
            assertThat(run.clock().fitAll().driftPpm()).as("seed %d", seed).isCloseTo(2500, within(3.0));
            assertThat(run.finalMapping().maxMs()).as("seed %d", seed).isLessThanOrEqualTo(0.1);
        }
    }

    @Test
    void linesThatWaitedAreLeftOutOfTheResidual() {
        ClockScenario s = new ClockScenario();
        s.driftPpm = 2500;
        s.jitterMs = 16;
        s.stallAtS = 6;
        s.stallForS = 2; // 13% of the lines wait for the host, up to 2 s
        ClockFit fit = s.run().clock().fitAll();
        // The link's own delays: uniform 0..16 ms above the envelope (with the stall's lines in: 1.9 s).
        assertThat(fit.residualP99Ms()).isBetween(14.0, 17.0);
    }

    @Test
    void aBoardResetStartsANewFitAndLeavesTheOldOneAlone() {
        ClockScenario s = new ClockScenario();
        s.driftPpm = 2200;
        s.jitterMs = 20;
        s.resetAtS = 7;
        s.durationS = 15;
        s.seed = 6;
        ClockScenario.Records r = s.generate();
        EnvelopeClock clock = new EnvelopeClock();
        long[] online = new long[r.size()];
        ClockMapping beforeReset = null;
        for (int i = 0; i < r.size(); i++) {
            if (beforeReset == null && r.segment()[i] == 1) {
                beforeReset = clock.finalMapping();
            }
            online[i] = clock.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
        }
        ClockMapping atEnd = clock.finalMapping();
        assertThat(atEnd.segmentCount()).isEqualTo(2);
        long[] fin = new long[r.size()];
        int firstOfNew = -1;
        for (int i = 0; i < r.size(); i++) {
            fin[i] = atEnd.toEpisodeNs(r.segment()[i], r.deviceUs()[i]);
            if (r.segment()[i] == 0) {
                assertThat(fin[i]).isEqualTo(beforeReset.toEpisodeNs(0, r.deviceUs()[i]));
            } else if (firstOfNew < 0) {
                firstOfNew = i;
            }
            // The row-level lookup finds the segment by receive time.
            assertThat(atEnd.toEpisodeNs(r.deviceUs()[i], r.receiveNs()[i])).isEqualTo(Math.min(fin[i], r.receiveNs()[i]));
        }
        assertThat(ClockScenario.Errors.of(fin, r.trueNs()).p99Ms()).isLessThanOrEqualTo(TARGET_MS);
        assertThat(ClockScenario.Errors.of(fin, r.trueNs(), firstOfNew, r.size()).maxMs()).isLessThanOrEqualTo(TARGET_MS);
        // Online, the new segment starts from nothing again: its first record is at its receive time.
        assertThat(online[firstOfNew]).isEqualTo(r.receiveNs()[firstOfNew]);
        assertThat(ClockScenario.Errors.of(online, r.trueNs(), firstOfNew + 100, r.size()).p99Ms()).isLessThanOrEqualTo(1.5);

        ClockFit fit = clock.fit();
        assertThat(fit.segments()).isEqualTo(2);
        assertThat(fit.perSegment()).hasSize(2);
        assertThat(fit.perSegment()).allSatisfy(seg -> assertThat(seg.driftPpm()).isCloseTo(2200, within(100.0)));
        // offset_ns: host time of device time 0 in the last segment, on its envelope.
        SegmentFit last = fit.perSegment().get(1);
        assertThat(fit.offsetNs()).isEqualTo(last.offsetNs());
        assertThat((double) atEnd.toEpisodeNs(1, 0)).isCloseTo(last.offsetNs(), within(50_000.0));
    }

    @Test
    void onlineEstimatesAreNeverAfterTheLineArrived() {
        ClockScenario s = new ClockScenario();
        s.driftPpm = 4000;
        s.jitterMs = 20;
        s.outlierFraction = 0.02;
        s.seed = 7;
        ClockScenario.Run run = s.run();
        for (int i = 0; i < run.records().size(); i++) {
            assertThat(run.onlineNs()[i]).isLessThanOrEqualTo(run.records().receiveNs()[i]);
        }
    }

    @Test
    void aFixedLatencyIsTakenOffEveryEstimate() {
        ClockScenario s = new ClockScenario();
        s.driftPpm = 1000;
        s.jitterMs = 10;
        ClockScenario.Records r = s.generate();
        EnvelopeClock plain = new EnvelopeClock();
        EnvelopeClock shifted = new EnvelopeClock(2_000_000);
        for (int i = 0; i < r.size(); i++) {
            long a = plain.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
            long b = shifted.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
            assertThat(a - b).isEqualTo(2_000_000);
        }
        assertThat(plain.finalMapping().toEpisodeNs(0, r.deviceUs()[9])
                - shifted.finalMapping().toEpisodeNs(0, r.deviceUs()[9])).isEqualTo(2_000_000);
        assertThatThrownBy(() -> new EnvelopeClock(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyAndUnknownSegments() {
        EnvelopeClock clock = new EnvelopeClock();
        assertThat(clock.fit().samples()).isZero();
        assertThat(clock.fit().method()).isEqualTo("lower_envelope");
        assertThat(clock.finalMapping().segmentCount()).isZero();
        assertThatThrownBy(() -> clock.finalMapping().toEpisodeNs(5L, 10L)).isInstanceOf(IllegalStateException.class);
        long first = clock.toEpisodeNs(0, 1_000_000, 5_000_000_000L);
        assertThat(first).isEqualTo(5_000_000_000L);
        assertThat(clock.finalMapping().toEpisodeNs(0, 1_000_000)).isEqualTo(5_000_000_000L);
        assertThatThrownBy(() -> clock.finalMapping().toEpisodeNs(3, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segment 3");
    }

    @Test
    void allocatesNothingPerRecordInSteadyState() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ClockScenario s = new ClockScenario();
        s.rateHz = 1000; // 100 records a window: window history growth is a small share
        s.durationS = 60;
        s.driftPpm = 1500;
        s.jitterMs = 16;
        ClockScenario.Records r = s.generate();
        EnvelopeClock clock = new EnvelopeClock();
        int warm = 20_000;
        for (int i = 0; i < warm; i++) {
            clock.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        long sum = 0;
        for (int i = warm; i < r.size(); i++) {
            sum += clock.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        int records = r.size() - warm;
        assertThat(sum).isNotZero();
        // The window history doubles at most once here (a few KB); a boxed value per record alone would be 16 B.
        assertThat(allocated).as("bytes for %d records", records).isLessThan(records * 2L);
    }
}
