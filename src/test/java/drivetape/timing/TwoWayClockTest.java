package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import drivetape.serial.RecordKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two-way clock on generated data with an Uno's physics (see {@link TwoWayScenario}): the offset
 * bracketed by the lines (upper bounds) and the pongs (lower bounds), with both directions' UART times taken
 * off, on a 1 ms bridge grid. The envelope alone is late by the host's smallest read delay (0.15 ms here),
 * which no envelope can see; the bracket sees it.
 */
class TwoWayClockTest {
    /** What the two-way final mapping must reach with symmetric smallest delays. */
    private static final double TWO_WAY_MS = 0.1;

    @Test
    void theReferenceCase() {
        TwoWayScenario s = new TwoWayScenario();
        TwoWayScenario.Result twoWay = s.run();
        s.pings = false;
        TwoWayScenario.Result oneWay = s.run();
        System.out.println("2500 ppm, 115200 baud, 1 ms grid, host 0.15-0.45 ms each way, 15 s: envelope only: final "
                + oneWay.finalMapping() + "; two-way: online from 5 s " + twoWay.onlineFrom(250) + ", final "
                + twoWay.finalMapping() + "; " + twoWay.timeline().fitAll().twoWay());
        assertThat(twoWay.finalMapping().p99Ms()).isLessThanOrEqualTo(TWO_WAY_MS);
        assertThat(oneWay.finalMapping().p99Ms()).isGreaterThan(0.12);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-2500, -1000, 1000, 2500})
    void thePongsRemoveTheFloorTheEnvelopeCannotSee(double ppm) {
        for (long seed = 1; seed <= 4; seed++) {
            TwoWayScenario s = new TwoWayScenario();
            s.driftPpm = ppm;
            s.seed = seed;
            TwoWayScenario.Result twoWay = s.run();
            s.pings = false;
            TwoWayScenario.Result oneWay = s.run();

            assertThat(twoWay.finalMapping().p99Ms()).as("two-way, %s ppm, seed %d", ppm, seed)
                    .isLessThanOrEqualTo(TWO_WAY_MS);
            assertThat(twoWay.onlineFrom(250).p99Ms()).as("online from 5 s").isLessThanOrEqualTo(0.2);
            // The envelope alone sits on the host's smallest delay (0.15 ms) above the truth.
            assertThat(oneWay.finalMapping().p50Ms()).isBetween(0.12, 0.3);
            assertThat(twoWay.finalMapping().p50Ms()).isLessThan(oneWay.finalMapping().p50Ms() / 2);

            ClockFit fit = twoWay.timeline().fitAll();
            assertThat(fit.method()).isEqualTo(TwoWay.METHOD);
            assertThat(fit.driftPpm()).isCloseTo(ppm, within(25.0));
            TwoWay w = fit.twoWay();
            assertThat(w.pingsSent()).isBetween(58L, 61L);
            assertThat(w.pongsReceived()).isEqualTo(twoWay.pongs()).isGreaterThanOrEqualTo(58);
            assertThat(w.bounds()).isEqualTo(w.pongsReceived());
            // Round trip: a 13-14-byte ping and a 20-odd-byte pong on the UART (about 3 ms), two USB frames,
            // the host both ways.
            assertThat(w.rttMinMs()).isBetween(3.0, 4.0);
            assertThat(w.rttP50Ms()).isBetween(w.rttMinMs(), 5.5);
            assertThat(w.bracketMinMs()).isBetween(0.25, 0.8);
            assertThat(w.bracketP99Ms()).isGreaterThanOrEqualTo(w.bracketP50Ms()).isLessThan(3.0);

            assertThat(oneWay.timeline().fitAll().method()).isEqualTo(EnvelopeClock.METHOD);
            assertThat(oneWay.timeline().fitAll().twoWay()).isNull();
        }
    }

    @Test
    void bothDirectionsUartTimesAreTakenOffAtAnyBaud() {
        for (int baud : new int[] {57_600, 115_200, 230_400}) {
            TwoWayScenario s = new TwoWayScenario();
            s.baud = baud;
            TwoWayScenario.Result r = s.run();
            assertThat(r.finalMapping().p99Ms()).as("%d baud", baud).isLessThanOrEqualTo(TWO_WAY_MS);
        }
    }

    @Test
    void asymmetricSmallestDelaysCostAtMostHalfTheNarrowestBracket() {
        TwoWayScenario s = new TwoWayScenario();
        s.hostUpMinMs = 0.6;
        s.hostDownMinMs = 0.05;
        TwoWayScenario.Result r = s.run();
        TwoWay w = r.timeline().fitAll().twoWay();
        // The middle of the bracket is (0.6 - 0.05) / 2 = 0.275 ms early of the upper side's floor.
        assertThat(r.finalMapping().maxMs()).isLessThanOrEqualTo(w.bracketMinMs() / 2 + 0.02);
        assertThat(r.finalMapping().p50Ms()).isCloseTo(0.275, within(0.05));
        s.pings = false;
        assertThat(s.run().finalMapping().p50Ms()).isCloseTo(0.6, within(0.05));
    }

    @Test
    void latePingsLooseBoundsAndLateLinesDoNotMoveIt() {
        TwoWayScenario s = new TwoWayScenario();
        s.durationS = 30;
        s.lateLineFraction = 0.01;
        s.latePingFraction = 0.2;
        TwoWayScenario.Result r = s.run();
        assertThat(r.finalMapping().p99Ms()).isLessThanOrEqualTo(TWO_WAY_MS);
        TwoWay w = r.timeline().fitAll().twoWay();
        // A ping read 2-20 ms late gives a bracket that much wider, and is still consistent.
        assertThat(w.bracketP99Ms()).isGreaterThan(2.0);
        assertThat(w.bounds()).isEqualTo(w.pongsReceived());
    }

    /**
     * The board ran 2.5 s before the host opened the port (it does not reset on open): those lines are read
     * at once at the open, the pings start after it. Their points are upper bounds seconds too loose, and
     * must steer neither the envelope's slope nor the bracket's (they took it to 9082 ppm or the 10101 ppm
     * clamp). A 5 s calibration run has only 2.5 s of real data and 10 pongs: that pins the drift to about
     * 100 ppm, backlog or not (seeds 1-6 without one: 58 ppm off at worst; with: 107); 12.5 s pin it to a few.
     */
    @ParameterizedTest
    @ValueSource(doubles = {-2500, 1000, 2500})
    void aBacklogWaitingAtOpenDoesNotSteerTheSlope(double ppm) {
        for (long seed = 1; seed <= 4; seed++) {
            for (double durationS : new double[] {5, 15}) {
                TwoWayScenario s = new TwoWayScenario();
                s.driftPpm = ppm;
                s.durationS = durationS;
                s.backlogS = 2.5;
                s.seed = seed;
                TwoWayScenario.Result twoWay = s.run();
                s.pings = false;
                TwoWayScenario.Result oneWay = s.run();
                ClockFit fit = twoWay.timeline().fitAll();
                System.out.printf(java.util.Locale.ROOT, "backlog 2.5 s of %.0f s, %.0f ppm, seed %d: two-way final"
                                + " %s, drift %.1f ppm; envelope only final %s, drift %.1f ppm%n", durationS, ppm, seed,
                        twoWay.finalMapping(), fit.driftPpm(), oneWay.finalMapping(),
                        oneWay.timeline().fitAll().driftPpm());
                boolean calibration = durationS == 5;
                String what = String.format("%s ppm, seed %d, %s s", ppm, seed, durationS);
                assertThat(fit.method()).isEqualTo(TwoWay.METHOD);
                assertThat(fit.driftPpm()).as(what).isCloseTo(ppm, within(calibration ? 150.0 : 10.0));
                // 12.5 s of real data, not the 15 s TWO_WAY_MS is met on: 1000 ppm, seed 1 comes to 0.106 ms.
                assertThat(twoWay.finalMapping().p99Ms()).as(what).isLessThanOrEqualTo(calibration ? 0.5 : 0.15);
                assertThat(oneWay.timeline().fitAll().driftPpm()).as("envelope only, " + what)
                        .isCloseTo(ppm, within(calibration ? 150.0 : 10.0));
                // On top of the host's smallest read delay (0.15 ms), which no envelope sees.
                assertThat(oneWay.finalMapping().p99Ms()).as("envelope only, " + what).isLessThanOrEqualTo(0.6);
            }
        }
    }

    @Test
    void aBoundThatContradictsTheEnvelopeIsLeftOut() {
        TwoWayScenario s = new TwoWayScenario();
        s.durationS = 30;
        s.wrongBoundFraction = 0.1;
        TwoWayScenario.Result r = s.run();
        assertThat(r.finalMapping().p99Ms()).isLessThanOrEqualTo(TWO_WAY_MS);
        assertThat(r.onlineFrom(250).p99Ms()).isLessThanOrEqualTo(0.2);
        TwoWay w = r.timeline().fitAll().twoWay();
        // Logged 3 ms late, those pongs claim the board read the ping before it was sent.
        assertThat(w.bounds()).isLessThan(w.pongsReceived() * 95 / 100).isGreaterThan(w.pongsReceived() * 8 / 10);
    }

    @Test
    void aBoardResetStartsANewBracketAndTheOldOneIsKept() {
        TwoWayScenario s = new TwoWayScenario();
        s.durationS = 20;
        s.resetAtS = 8;
        TwoWayScenario.Result r = s.run();
        ClockFit fit = r.timeline().fitAll();
        assertThat(fit.segments()).isEqualTo(2);
        assertThat(fit.method()).isEqualTo(TwoWay.METHOD);
        assertThat(fit.perSegment()).hasSize(2).allSatisfy(seg -> assertThat(seg.driftPpm()).isCloseTo(2500, within(25.0)));
        // 8 and 10 s segments pin the drift to about 10 ppm (0.1 ms over the segment), not to 1 ppm.
        assertThat(r.finalMapping().p99Ms()).isLessThanOrEqualTo(0.2);
        s.pings = false;
        assertThat(s.run().finalMapping().p50Ms()).isGreaterThan(r.finalMapping().p50Ms() * 2);
    }

    @Test
    void withoutDriftTheLinesKeepTheirPhaseOnTheGridAndTheBracketHalvesThatError() {
        for (long seed = 1; seed <= 4; seed++) {
            TwoWayScenario s = new TwoWayScenario();
            s.driftPpm = 0;
            s.seed = seed;
            TwoWayScenario.Result twoWay = s.run();
            s.pings = false;
            TwoWayScenario.Result oneWay = s.run();
            // Each line waits the same part of a USB frame, which the envelope cannot see; pings are written
            // at random moments of the frame, so their side of the bracket is tight.
            TwoWay w = twoWay.timeline().fitAll().twoWay();
            assertThat(twoWay.finalMapping().maxMs()).as("seed %d", seed).isLessThanOrEqualTo(w.bracketMinMs() / 2 + 0.02);
            assertThat(twoWay.finalMapping().p50Ms()).isLessThanOrEqualTo(oneWay.finalMapping().p50Ms() / 2 + 0.05);
            assertThat(twoWay.finalMapping().p99Ms()).isLessThanOrEqualTo(0.6);
        }
    }

    @Test
    void onACoarseGridWithLittleDriftTheLinesSideIsTheLooseOne() {
        for (long seed = 1; seed <= 4; seed++) {
            // A 4 ms bridge grid and 30 ppm (a crystal): the lines keep nearly one phase on the grid, up to
            // 4 ms late all along; the pings, written at random moments, are not.
            TwoWayScenario s = new TwoWayScenario();
            s.quantumMs = 4;
            s.driftPpm = 30;
            s.seed = seed;
            TwoWayScenario.Result twoWay = s.run();
            s.pings = false;
            TwoWayScenario.Result oneWay = s.run();
            assertThat(twoWay.finalMapping().p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(0.6);
            assertThat(twoWay.finalMapping().p99Ms()).isLessThan(oneWay.finalMapping().p99Ms());
        }
    }

    @Test
    void thePongsStraightenASlopeThatAPartlyWalkedGridStepBent() {
        for (long seed = 1; seed <= 4; seed++) {
            // 300 ppm walks the lines' phase 4.5 ms in 15 s: over a 4 ms grid step, their delay shrinks all
            // along and the envelope's slope is off by about the drift.
            TwoWayScenario s = new TwoWayScenario();
            s.quantumMs = 4;
            s.driftPpm = 300;
            s.seed = seed;
            TwoWayScenario.Result twoWay = s.run();
            s.pings = false;
            TwoWayScenario.Result oneWay = s.run();
            assertThat(twoWay.finalMapping().p99Ms()).as("seed %d", seed).isLessThanOrEqualTo(0.4);
            assertThat(twoWay.timeline().fitAll().driftPpm()).isCloseTo(300, within(30.0));
            assertThat(oneWay.finalMapping().p99Ms()).isGreaterThan(twoWay.finalMapping().p99Ms());
        }
        // A crystal (30 ppm) on a 1 ms grid for a minute: the envelope's slope is off by 10-15 ppm.
        TwoWayScenario s = new TwoWayScenario();
        s.driftPpm = 30;
        s.durationS = 60;
        assertThat(s.run().finalMapping().p99Ms()).isLessThanOrEqualTo(0.15);
    }

    @Test
    void acrossTheMicrosWrap() {
        TwoWayScenario s = new TwoWayScenario();
        s.t0Us = (1L << 32) - 5_000_000;
        TwoWayScenario.Result r = s.run();
        assertThat(r.finalMapping().p99Ms()).isLessThanOrEqualTo(TWO_WAY_MS);
        assertThat(r.timeline().fitAll().segments()).isEqualTo(1);
    }

    @Test
    void aLongSegmentIsBracketedKnotByKnot() {
        TwoWayScenario s = new TwoWayScenario();
        s.durationS = 150; // longer than one line: the final mapping goes through local fits every 10 s
        TwoWayScenario.Result r = s.run();
        assertThat(r.finalMapping().p99Ms()).isLessThanOrEqualTo(TWO_WAY_MS);
        assertThat(r.timeline().fitAll().driftPpm()).isCloseTo(2500, within(1.0));
    }

    @Test
    void theTimelineAllocatesNothingPerLineOrPong() {
        TwoWayScenario s = new TwoWayScenario();
        s.durationS = 80;
        TwoWayScenario.Prepared p = s.prepare();
        long[] online = new long[p.records().length];
        // 70 s first: the clock's history (a point per 0.1 s window and per pong) then has room for 10 s more.
        int warm = 0;
        while (p.records()[warm].receiveNanoTime < 70_000_000_000L) {
            warm++;
        }
        int from = warm;
        int to = p.records().length;
        p.feed(0, from, online);
        int[] pongs = new int[1];
        long allocated = Allocations.bytesAllocatedBy(() -> pongs[0] = p.feed(from, to, online));
        assertThat(pongs[0]).isGreaterThan(35);
        long lines = java.util.Arrays.stream(p.records(), from, to).filter(r -> r.kind == RecordKind.SAMPLE).count();
        assertThat(lines).isGreaterThan(450);
        assertThat(allocated).as("bytes allocated by %d lines and %d pongs", lines, pongs[0]).isLessThan(1_000);
    }
}
