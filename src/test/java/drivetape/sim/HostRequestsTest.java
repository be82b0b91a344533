package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.sim.VirtualRun.HostWrite;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ?ping and ?blink on the schedule's virtual clock: answers, their stamps and their place on the wire. */
class HostRequestsTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;

    @Test
    void aPingIsAnsweredWithAPongStampedWhenTheBoardReadItsNewline() {
        for (double ppm : new double[] {0, 4000, -2500}) {
            SimConfig config = SimConfig.builder().seed(2).driftPpm(ppm).t0Us(1_000_000).build();
            long hostWrote = 1234 * MS + 456_789;
            VirtualRun run = VirtualRun.of(config, 2 * SECOND, new HostWrite(hostWrote, "?ping,4294967295\n"));
            List<GeneratedLine> pongs = run.events("pong");
            assertThat(pongs).hasSize(1);
            GeneratedLine pong = pongs.get(0);
            assertThat(pong.eventValue()).isEqualTo(4294967295L);
            assertThat(pong.text()).matches("!\\d+," + (pong.deviceUs() % SimConfig.U32) + ",pong,4294967295\\*[0-9A-F]{2}\n");

            // The ping reached the board with the next 1 ms USB frame plus its 17 bytes on the UART.
            long boardRead = 1235 * MS + config.link().uartNanos(17);
            assertThat(run.boardReadNanos).containsExactly(boardRead);
            // t_us is the first micros() at or after that moment, by the drifting device clock.
            long elapsedUs = pong.deviceUs() - config.board().t0Us();
            assertThat(pong.measuredNanos()).isEqualTo(run.schedule.trueNanos(elapsedUs));
            assertThat(pong.measuredNanos()).isBetween(boardRead, boardRead + 1003); // within a device micro
            assertThat(run.schedule.trueNanos(elapsedUs - 1)).isLessThan(boardRead);
            // Never earlier than the host sent it plus the ping's UART time: the lower bound a host relies on.
            assertThat(pong.measuredNanos()).isGreaterThanOrEqualTo(hostWrote + config.link().uartNanos(17));
            // It reaches the host after its own line's UART time.
            assertThat(pong.deliveryNanos() - pong.measuredNanos())
                    .isGreaterThanOrEqualTo(config.link().uartNanos(pong.bytes().length));
        }
    }

    @Test
    void aPongWaitsOnTheUartBehindTheSampleBeforeItAndSeqAndTUsStayInOrder() {
        SimConfig config = SimConfig.builder().seed(3).build();
        // Samples every 20 ms from 20 ms: the one measured at 100 ms is on the wire until about 101.6 ms.
        VirtualRun run = VirtualRun.of(config, SECOND, new HostWrite(99 * MS + 100_000, "?ping,5\n"));
        GeneratedLine pong = run.events("pong").get(0);
        int at = run.lines.indexOf(pong);
        GeneratedLine before = run.lines.get(at - 1);
        assertThat(before.kind()).isEqualTo(ScheduledLine.Kind.SAMPLE);
        assertThat(before.measuredNanos()).isEqualTo(100 * MS);
        assertThat(pong.measuredNanos()).isEqualTo(100 * MS + config.link().uartNanos(8) / 1000 * 1000 + 1000);
        assertThat(pong.uartStartNanos()).isEqualTo(before.uartEndNanos());
        assertThat(pong.seq()).isEqualTo(before.seq() + 1);
        assertThat(run.lines.get(at + 1).seq()).isEqualTo(pong.seq() + 1);
        long previousUs = -1;
        for (GeneratedLine line : run.records()) {
            assertThat(line.deviceUs()).isGreaterThanOrEqualTo(previousUs);
            previousUs = line.deviceUs();
        }
    }

    @Test
    void withoutTheCapabilityUnknownOrMalformedLinesAndLinesDuringBootNothingIsAnswered() {
        HostWrite[] writes = {
            new HostWrite(20 * MS, "?ping,1\n"), // still booting: the hello comes at 100 ms
            new HostWrite(300 * MS, "hello\n?ping\n?ping,-1\n?ping,4294967296\n?ping,12345678901\n"),
            new HostWrite(400 * MS, "?blink,5\n?blink,5,0\n?blink,x,10\n?PING,3\n\u00ff\u0000\n"),
            new HostWrite(500 * MS, "?ping,2\n"),
        };
        SimConfig withBootNoise = SimConfig.builder().bootNoise(true).build();
        VirtualRun answered = VirtualRun.of(withBootNoise, SECOND, writes);
        assertThat(answered.events("pong")).extracting(GeneratedLine::eventValue).containsExactly(2L);
        assertThat(answered.events("led")).isEmpty();
        assertThat(answered.acted.stream().filter(a -> a).count()).isEqualTo(1);

        SimConfig oldFirmware = withBootNoise.toBuilder().caps(Set.of()).build();
        VirtualRun silent = VirtualRun.of(oldFirmware, SECOND, new HostWrite(500 * MS, "?ping,2\n?blink,4,50\n"));
        assertThat(silent.events("pong")).isEmpty();
        assertThat(silent.events("led")).isEmpty();
        assertThat(silent.acted).containsExactly(false, false);
        // Ignoring the host changes nothing else: the same bytes as with no host at all.
        assertThat(GeneratedLine.concat(silent.lines)).isEqualTo(GeneratedLine.concat(VirtualRun.of(oldFirmware, SECOND).lines));

        SimConfig pingOnly = SimConfig.builder().caps(Set.of(Capability.PING)).build();
        VirtualRun noBlink = VirtualRun.of(pingOnly, SECOND, new HostWrite(500 * MS, "?blink,4,50\n?ping,8\n"));
        assertThat(noBlink.events("led")).isEmpty();
        assertThat(noBlink.events("pong")).hasSize(1);
    }

    @Test
    void aBlinkTogglesTheLedCountTimesAtIntervalsOfHalfToOneAndAHalfMeans() {
        SimConfig config = SimConfig.builder().seed(11).driftPpm(1500).build();
        long hostWrote = 200 * MS;
        VirtualRun run = VirtualRun.of(config, 200 * SECOND, new HostWrite(hostWrote, "?blink,400,100\n"));
        List<GeneratedLine> leds = run.events("led");
        assertThat(leds).hasSize(400);
        long boardRead = run.boardReadNanos.get(0);
        long previousUs = run.schedule.deviceUsAtOrAfter(boardRead) + config.board().t0Us();
        long minIntervalUs = Long.MAX_VALUE;
        long maxIntervalUs = 0;
        for (int i = 0; i < leds.size(); i++) {
            GeneratedLine led = leds.get(i);
            assertThat(led.eventValue()).as("starts off, so switch %d", i).isEqualTo(i % 2 == 0 ? 1 : 0);
            assertThat(led.text()).contains(",led," + led.eventValue() + "*");
            long intervalUs = led.deviceUs() - previousUs;
            assertThat(intervalUs).isBetween(50_000L, 150_000L);
            minIntervalUs = Math.min(minIntervalUs, intervalUs);
            maxIntervalUs = Math.max(maxIntervalUs, intervalUs);
            previousUs = led.deviceUs();
            // Each switch is in the LED timeline at its true moment.
            assertThat(run.schedule.leds().isOnAt(led.measuredNanos())).isEqualTo(led.eventValue() == 1);
            assertThat(run.schedule.leds().isOnAt(led.measuredNanos() - 1)).isEqualTo(led.eventValue() == 0);
        }
        long startUs = run.schedule.deviceUsAtOrAfter(boardRead) + config.board().t0Us();
        double meanUs = (double) (previousUs - startUs) / leds.size();
        assertThat(meanUs).isBetween(95_000.0, 105_000.0);
        assertThat(minIntervalUs).isLessThan(60_000L);
        assertThat(maxIntervalUs).isGreaterThan(140_000L);
        assertThat(run.schedule.leds().switches()).isEqualTo(400);
    }

    @Test
    void aNewBlinkReplacesTheRestOfTheOldOneAndALostLedRecordStillSwitchesTheLed() {
        SimConfig config = SimConfig.builder().seed(5).loseEvery(3).build();
        VirtualRun run = VirtualRun.of(config, 10 * SECOND,
                new HostWrite(200 * MS, "?blink,1000,50\n"), new HostWrite(600 * MS, "?blink,3,20\n"));
        long switches = run.schedule.leds().switches();
        long before = run.events("led").stream().filter(l -> l.measuredNanos() < 600 * MS).count();
        assertThat(switches).isBetween(5L + 3, 16L + 3); // 400 ms of 25-75 ms intervals, then 3 more
        // Every third record is lost, LED switches among them: the LED switched all the same.
        assertThat(run.events("led").size()).isLessThan((int) switches);
        assertThat(before).isPositive();
        assertThat(run.lines.get(run.lines.size() - 1).measuredNanos()).isGreaterThan(9 * SECOND);
        assertThat(run.schedule.leds().isOnAt(10 * SECOND)).isEqualTo(switches % 2 == 1);
    }
}
