package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import drivetape.serial.Checksum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ControllerScheduleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Pattern RECORD = Pattern.compile("([$!])(\\d+),(\\d+),([^*]*)\\*([0-9A-F]{2})\n");

    /** A $ or ! line taken apart. */
    record Parsed(char marker, long seq, long tUs, String[] fields, int checksum, boolean checksumOk) {
        static Parsed of(String text) {
            Matcher m = RECORD.matcher(text);
            assertThat(m.matches()).as("record syntax of %s", text).isTrue();
            String body = text.substring(1, text.indexOf('*'));
            int checksum = Integer.parseInt(m.group(5), 16);
            return new Parsed(m.group(1).charAt(0), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4).split(","), checksum, Checksum.xor(body) == checksum);
        }

        int value(int channel) {
            return Integer.parseInt(fields[channel]);
        }
    }

    private static List<GeneratedLine> records(List<GeneratedLine> lines) {
        return lines.stream()
                .filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE || l.kind() == ScheduledLine.Kind.EVENT)
                .toList();
    }

    @Test
    void startsWithTheHelloLineThenValidSamplesWithCorrectChecksums() {
        SimConfig config = SimConfig.builder().seed(11).jitterMs(8).driftPpm(-3000).build();
        List<GeneratedLine> lines = GeneratedLine.until(config, 60 * SECOND);

        assertThat(lines.get(0).text())
                .isEqualTo("#hello proto=1 fw=sim-1.0.0 channels=steering,throttle rate_hz=50 link=uart caps=ping,blink\n");
        assertThat(lines.get(0).kind()).isEqualTo(ScheduledLine.Kind.HELLO);
        List<GeneratedLine> records = records(lines);
        assertThat(records.size()).as("a minute at 50 Hz, 3000 ppm slow").isBetween(2985, 2995);
        for (GeneratedLine line : records) {
            assertThat(line.bytes().length).isLessThanOrEqualTo(120);
            Parsed parsed = Parsed.of(line.text());
            assertThat(parsed.checksumOk()).as(line.text()).isTrue();
            assertThat(parsed.marker()).isEqualTo('$');
            assertThat(parsed.fields()).hasSize(2);
            assertThat(parsed.seq()).isEqualTo(line.seq());
            assertThat(parsed.tUs()).isEqualTo(line.deviceUs() % (1L << 32));
        }
        assertThat(records.get(0).seq()).isEqualTo(1);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).seq()).isEqualTo(records.get(i - 1).seq() + 1);
        }
    }

    @Test
    void lostRecordsLeaveGapsExactlyWhereInjectedAndCorruptOnesStillUseASeq() {
        SimConfig config = SimConfig.builder().seed(3).loseEvery(7).corruptEvery(5).firstSeq(100).build();
        ControllerSchedule schedule = new ControllerSchedule(config);
        List<GeneratedLine> lines = new ArrayList<>();
        ScheduledLine slot = new ScheduledLine();
        for (int i = 0; i < 1001; i++) {
            schedule.next(slot);
            lines.add(GeneratedLine.of(slot));
        }
        List<GeneratedLine> records = records(lines);

        List<Long> expectedSeqs = new ArrayList<>();
        List<Long> expectedCorrupt = new ArrayList<>();
        for (long n = 1; expectedSeqs.size() < records.size(); n++) {
            if (n % 7 != 0) {
                expectedSeqs.add(99 + n);
                if (n % 5 == 0) {
                    expectedCorrupt.add(99 + n);
                }
            }
        }
        List<Long> seqs = new ArrayList<>();
        List<Long> badChecksums = new ArrayList<>();
        for (GeneratedLine line : records) {
            Parsed parsed = Parsed.of(line.text());
            seqs.add(parsed.seq());
            if (!parsed.checksumOk()) {
                badChecksums.add(parsed.seq());
            }
            assertThat(line.corrupt()).isEqualTo(!parsed.checksumOk());
            // The gap before a record is reported on the record after it.
            assertThat(line.lostBefore()).isEqualTo((parsed.seq() - 99) % 7 == 1 && parsed.seq() > 100 ? 1 : 0);
        }
        assertThat(seqs).isEqualTo(expectedSeqs);
        assertThat(badChecksums).isEqualTo(expectedCorrupt);

        SimCounts counts = schedule.counts();
        assertThat(counts.samples()).isEqualTo(records.size());
        assertThat(counts.corrupt()).isEqualTo(expectedCorrupt.size());
        assertThat(counts.lost()).isEqualTo(expectedSeqs.get(expectedSeqs.size() - 1) - 99 - records.size());
        assertThat(counts.events()).isZero();
        assertThat(counts.bytes()).isEqualTo(lines.stream().mapToLong(l -> l.bytes().length).sum());
    }

    @Test
    void deviceClockDriftsAgainstTrueTimeAsConfigured() {
        for (double ppm : new double[] {2500, -4000, 0}) {
            List<GeneratedLine> records = records(GeneratedLine.until(
                    SimConfig.builder().driftPpm(ppm).t0Us(123_456).jitterMs(5).build(), 61 * SECOND));
            GeneratedLine first = records.get(0);
            GeneratedLine atMinute = records.stream()
                    .filter(l -> l.measuredNanos() - first.measuredNanos() >= 60 * SECOND).findFirst().orElseThrow();
            long trueUs = (atMinute.measuredNanos() - first.measuredNanos()) / 1000;
            long deviceUs = Parsed.of(atMinute.text()).tUs() - Parsed.of(first.text()).tUs();
            assertThat(trueUs).isBetween(60_000_000L, 60_020_000L);
            assertThat(deviceUs - trueUs).as("ppm %s", ppm).isCloseTo(Math.round(trueUs * ppm * 1e-6), within(2L));
            // 2500 ppm over a minute: the device counts 150 ms more than true time.
            long atSixtySeconds = Math.round(ppm * 60);
            long atSixtyPlusOnePeriod = Math.round(ppm * 60.02);
            assertThat(deviceUs - trueUs).as("ppm %s", ppm).isBetween(
                    Math.min(atSixtySeconds, atSixtyPlusOnePeriod), Math.max(atSixtySeconds, atSixtyPlusOnePeriod));
        }
    }

    @Test
    void sampleTimesFollowTheDeviceClockAtTheConfiguredRate() {
        // Measured in the first second (the last ones reach the host a little after it).
        List<GeneratedLine> records = records(GeneratedLine.until(SimConfig.builder().rateHz(200).build(), 2 * SECOND))
                .stream().filter(l -> l.measuredNanos() <= SECOND).toList();
        assertThat(records).hasSize(200);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).deviceUs() - records.get(i - 1).deviceUs()).isEqualTo(5000);
            assertThat(records.get(i).measuredNanos() - records.get(i - 1).measuredNanos()).isEqualTo(5_000_000);
        }
    }

    @Test
    void tUsAndSeqWrapAt32Bits() {
        long top = (1L << 32);
        SimConfig config = SimConfig.builder().t0Us(top - 500_000).firstSeq(top - 10).build();
        List<GeneratedLine> records = records(GeneratedLine.until(config, 2 * SECOND));

        long previousUnwrappedUs = -1;
        long wraps = 0;
        long previousTUs = -1;
        for (int i = 0; i < records.size(); i++) {
            Parsed parsed = Parsed.of(records.get(i).text());
            assertThat(parsed.checksumOk()).isTrue();
            assertThat(parsed.seq()).isEqualTo((top - 10 + i) % top);
            assertThat(parsed.tUs()).isBetween(0L, top - 1);
            if (previousTUs >= 0 && parsed.tUs() < previousTUs) {
                wraps++;
            }
            previousTUs = parsed.tUs();
            long unwrapped = parsed.tUs() + wraps * top;
            if (previousUnwrappedUs >= 0) {
                assertThat(unwrapped - previousUnwrappedUs).isEqualTo(20_000);
            }
            previousUnwrappedUs = unwrapped;
        }
        assertThat(wraps).isEqualTo(1);
        assertThat(records.stream().map(GeneratedLine::seq)).contains(top - 1, 0L, 1L);
    }

    @Test
    void jitterIsOneSidedBoundedOnTopOfTheBridgeGridAndKeepsLinesInOrder() {
        SimConfig config = SimConfig.builder().rateHz(250).jitterMs(16).seed(5).build();
        List<GeneratedLine> lines = GeneratedLine.until(config, 20 * SECOND);
        long previousDelivery = Long.MIN_VALUE;
        long maxJitter = 0;
        long minJitter = Long.MAX_VALUE;
        for (GeneratedLine line : lines) {
            // The host's noise comes on top of the moment the bridge forwards the line's last byte.
            long flushed = config.link().nextFlush(line.uartEndNanos());
            long jitter = line.deliveryNanos() - flushed;
            assertThat(jitter).isBetween(0L, 16_000_000L);
            assertThat(line.deliveryNanos()).isGreaterThanOrEqualTo(previousDelivery);
            for (long piece : line.pieceNanos()) {
                assertThat(piece).isGreaterThanOrEqualTo(previousDelivery);
                previousDelivery = piece;
            }
            maxJitter = Math.max(maxJitter, jitter);
            minJitter = Math.min(minJitter, jitter);
        }
        assertThat(maxJitter).isGreaterThan(15_000_000L);
        assertThat(minJitter).isLessThan(1_000_000L);
        // Lines overtaken by an earlier late one wait for it: some deliveries coincide.
        long bunched = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).deliveryNanos() == lines.get(i - 1).deliveryNanos()) {
                bunched++;
            }
        }
        assertThat(bunched).isPositive();
    }

    @Test
    void valuesAreRealisticAndMoving() {
        List<GeneratedLine> records = records(GeneratedLine.until(SimConfig.builder().seed(21).build(), 120 * SECOND));
        int[] steering = records.stream().mapToInt(l -> Parsed.of(l.text()).value(0)).toArray();
        int[] throttle = records.stream().mapToInt(l -> Parsed.of(l.text()).value(1)).toArray();

        assertThat(Arrays.stream(steering).min().orElseThrow()).isBetween(1000, 1300);
        assertThat(Arrays.stream(steering).max().orElseThrow()).isBetween(1700, 2000);
        assertThat(Arrays.stream(throttle).min().orElseThrow()).isBetween(1400, 1500);
        assertThat(Arrays.stream(throttle).max().orElseThrow()).isBetween(1600, 1720);
        long throttleInBand = Arrays.stream(throttle).filter(v -> v >= 1490 && v <= 1710).count();
        assertThat(throttleInBand).isGreaterThan(throttle.length * 8L / 10);
        for (int i = 1; i < steering.length; i++) {
            // Smooth: a hand on a wheel moves a few us per 20 ms sample, never jumps.
            assertThat(Math.abs(steering[i] - steering[i - 1])).isLessThan(50);
            assertThat(Math.abs(throttle[i] - throttle[i - 1])).isLessThan(30);
        }
        // Turns of a few seconds: steering crosses centre many times, but not every sample.
        int crossings = 0;
        for (int i = 1; i < steering.length; i++) {
            if ((steering[i - 1] < 1500) != (steering[i] < 1500)) {
                crossings++;
            }
        }
        assertThat(crossings).isBetween(20, 400);
        assertThat(Arrays.stream(throttle).distinct().count()).isGreaterThan(100);
    }

    @Test
    void extraChannelsBehaveLikeAnAuxSwitch() {
        SimConfig config = SimConfig.builder().channels(List.of("steering", "throttle", "aux")).build();
        List<GeneratedLine> lines = GeneratedLine.until(config, 60 * SECOND);
        assertThat(lines.get(0).text()).contains("channels=steering,throttle,aux ");
        int[] aux = records(lines).stream().mapToInt(l -> Parsed.of(l.text()).value(2)).toArray();
        assertThat(Arrays.stream(aux).filter(v -> v < 1100).count()).isPositive();
        assertThat(Arrays.stream(aux).filter(v -> v > 1900).count()).isPositive();
        assertThat(Arrays.stream(aux).filter(v -> v >= 1100 && v <= 1900).count()).isZero();
    }

    @Test
    void failsafeSendsEventsAroundSamplesOfZero() {
        SimConfig config = SimConfig.builder().failsafe(2.0, 1.5).seed(8).build();
        ControllerSchedule schedule = new ControllerSchedule(config);
        List<GeneratedLine> records = new ArrayList<>();
        ScheduledLine slot = new ScheduledLine();
        while (records.size() < 300) {
            schedule.next(slot);
            if (slot.kind != ScheduledLine.Kind.HELLO) {
                records.add(GeneratedLine.of(slot));
            }
        }
        List<GeneratedLine> events = records.stream().filter(l -> l.kind() == ScheduledLine.Kind.EVENT).toList();
        assertThat(events).hasSize(2);
        Parsed lost = Parsed.of(events.get(0).text());
        Parsed back = Parsed.of(events.get(1).text());
        assertThat(lost.fields()).containsExactly("failsafe", "1");
        assertThat(back.fields()).containsExactly("failsafe", "0");
        assertThat(lost.checksumOk() && back.checksumOk()).isTrue();
        assertThat(events.get(0).measuredNanos()).isBetween(2 * SECOND, 2 * SECOND + 20_000_000);
        assertThat(events.get(1).measuredNanos()).isBetween(3_500_000_000L, 3_520_000_000L);

        int lostAt = records.indexOf(events.get(0));
        int backAt = records.indexOf(events.get(1));
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).kind() != ScheduledLine.Kind.SAMPLE) {
                continue;
            }
            Parsed sample = Parsed.of(records.get(i).text());
            boolean noSignal = i > lostAt && i < backAt;
            assertThat(sample.value(0) == 0 && sample.value(1) == 0).as(records.get(i).text()).isEqualTo(noSignal);
        }
        // The event takes the t_us of the sample slot it precedes and a seq of its own.
        Parsed after = Parsed.of(records.get(lostAt + 1).text());
        assertThat(after.tUs()).isEqualTo(lost.tUs());
        assertThat(after.seq()).isEqualTo(lost.seq() + 1);
        assertThat(schedule.counts().events()).isEqualTo(2);
    }

    @Test
    void bootNoiseIsGarbageEndingInANewlineBeforeTheHello() {
        List<GeneratedLine> lines = GeneratedLine.until(SimConfig.builder().bootNoise(true).seed(4).build(), SECOND);
        GeneratedLine noise = lines.get(0);
        assertThat(noise.kind()).isEqualTo(ScheduledLine.Kind.BOOT_NOISE);
        byte[] bytes = noise.bytes();
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
        boolean nonAscii = false;
        for (byte b : bytes) {
            nonAscii |= b < 0;
        }
        assertThat(nonAscii).isTrue();
        for (String part : noise.text().split("\n")) {
            assertThat(RECORD.matcher(part + "\n").matches()).as(part).isFalse();
            assertThat(part).doesNotStartWith("#");
        }
        assertThat(lines.get(1).kind()).isEqualTo(ScheduledLine.Kind.HELLO);
        assertThat(lines.get(1).deliveryNanos()).isGreaterThanOrEqualTo(ControllerSchedule.BOOT_NOISE_GAP_US * 1000);
        assertThat(records(lines).get(0).seq()).isEqualTo(1);
    }

    @Test
    void sameSeedSameBytesAndJitterDoesNotChangeValues() {
        SimConfig config = SimConfig.builder().seed(99).jitterMs(4).bootNoise(true).corruptEvery(9).build();
        assertThat(GeneratedLine.concat(GeneratedLine.until(config, 10 * SECOND)))
                .isEqualTo(GeneratedLine.concat(GeneratedLine.until(config, 10 * SECOND)));
        assertThat(GeneratedLine.concat(GeneratedLine.until(config.toBuilder().seed(100).build(), 10 * SECOND)))
                .isNotEqualTo(GeneratedLine.concat(GeneratedLine.until(config, 10 * SECOND)));

        List<String> calm = records(GeneratedLine.until(config.toBuilder().jitterMs(0).build(), 10 * SECOND)).stream()
                .map(GeneratedLine::text).limit(400).toList();
        List<String> jittery = records(GeneratedLine.until(config.toBuilder().jitterMs(15).build(), 10 * SECOND)).stream()
                .map(GeneratedLine::text).limit(400).toList();
        assertThat(jittery).isEqualTo(calm);
    }

    @Test
    void configRejectsImpossibleValues() {
        assertThatThrownBy(() -> SimConfig.builder().rateHz(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().rateHz(1001).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().loseEvery(1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().t0Us(1L << 32).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().channels(List.of("a,b")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().channels(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().channels(List.of("a", "a")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimConfig.builder().auxFlipsS(List.of(2.0)).build())
                .hasMessageContaining("aux channel");
        assertThatThrownBy(() -> SimConfig.builder().channels(List.of("steering", "throttle", "aux"))
                .auxFlipsS(List.of(3.0, 2.0)).build()).hasMessageContaining("increasing");
        assertThat(SimConfig.builder().rateHz(12.5).build().helloLine()).contains(" rate_hz=12.5 ");
    }

    @Test
    void aUartThatCannotCarryTheRateIsRefusedAndAUsbLinkHasNoSuchLimit() {
        // 2 channels: a sample line is at most 36 bytes, 360 bits: 320 lines a second fit in 115200 baud.
        assertThat(SimConfig.builder().rateHz(320).build().board().rateHz()).isEqualTo(320);
        assertThatThrownBy(() -> SimConfig.builder().rateHz(321).build())
                .hasMessageContaining("UART cannot keep up").hasMessageContaining("115560 baud");
        assertThat(SimConfig.builder().rateHz(321).baud(230400).build().link().baud()).isEqualTo(230400);
        assertThat(SimConfig.builder().rateHz(1000).link(LinkKind.USB).build().link().kind()).isEqualTo(LinkKind.USB);
    }

    @Test
    void theHelloAnnouncesTheLinkAndTheCapabilities() {
        assertThat(SimConfig.builder().build().helloLine()).endsWith(" link=uart caps=ping,blink");
        assertThat(SimConfig.builder().link(LinkKind.USB).caps(Set.of(Capability.BLINK)).build().helloLine())
                .endsWith(" link=usb caps=blink");
        // An old firmware announces nothing it could answer.
        assertThat(SimConfig.builder().caps(Capability.parseList("none")).build().helloLine())
                .endsWith("rate_hz=50 link=uart");
        assertThat(Capability.parseList("blink,ping")).containsExactlyInAnyOrder(Capability.PING, Capability.BLINK);
        assertThatThrownBy(() -> Capability.parseList("ping,pong")).hasMessageContaining("'pong'");
    }

    @Test
    void theQuantumFollowsTheLinkKindUnlessGiven() {
        assertThat(SimConfig.builder().build().link().quantumMs()).isEqualTo(1);
        assertThat(SimConfig.builder().link(LinkKind.USB).build().link().quantumMs()).isZero();
        assertThat(SimConfig.builder().quantumMs(16).build().link().quantumMs()).isEqualTo(16);
        SimConfig uart = SimConfig.builder().build();
        assertThat(uart.toBuilder().link(LinkKind.USB).build().link().quantumMs()).isZero();
        assertThat(uart.toBuilder().build()).isEqualTo(uart);
    }
}
