package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Event;
import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.HarnessTruth.Row;
import drivetape.firmware.PtyBoard.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's {@code ?ping,<n>} lines, written to the emulated board's pty while it streams samples, with
 * garbage and unknown lines among them. One real-time run; each test checks one side of it.
 */
class HostPingTest {
    private static final int PINGS = 40;
    /** A pong's t_us is at most this long after its ping's '\n' reached the UART: one pass of loop(). */
    private static final long MAX_STAMP_DELAY_US = 1_000;
    private static final List<String> GARBAGE = List.of("?foo,1\n", "hello\n", "?ping\n", "?ping,\n", "?ping,12x\n",
            "?ping,4294967296\n", "?ping,-1\n", "?ping,1,2\n", " ?ping,3\n", "?PING,4\n", "?blink,0,100\n",
            "?blink,5,5\n", "?blink,5\n", "?blink,1001,100\n", "?blink,5,60001\n", "\n", "\u0001\u00ff\u0080?ping,5\n",
            "x".repeat(200) + "?ping,77\n");

    @TempDir
    static Path tmp;

    static Session session;
    /** The valid pings' n, in the order sent, and System.nanoTime just before each was written. */
    static final List<Long> pinged = new ArrayList<>();
    static final Map<Long, Long> sentNanos = new HashMap<>();

    @BeforeAll
    static void pingTheBoardWhileItStreams() throws Exception {
        try (PtyBoard board = PtyBoard.start(tmp, "--seed", "31", "--segment", "60000:r,r")) {
            board.await(PtyBoard::isLedEvent, 7, Duration.ofSeconds(20));  // calibration over
            // One ping (or pair) out at a time, as a host would: more at once could exceed the pong budget.
            Random random = new Random(5);
            int garbage = 0;
            for (int i = 0; i < PINGS; i++) {
                long n = i == 0 ? 0 : i == 1 ? 4_294_967_295L : 1_000L + 7_919L * i;
                String ping = "?ping," + n + (i % 5 == 3 ? "\r\n" : "\n");
                if (i % 2 == 1 && garbage < GARBAGE.size()) {
                    board.send(GARBAGE.get(garbage++));
                }
                if (i == 10) {
                    board.send(ping.substring(0, 3));  // a line that comes in two writes
                    Thread.sleep(30);
                    ping = ping.substring(3);
                }
                long last = n;
                if (i % 8 == 7) {
                    // Two pings in one write: both answered, in order, each stamped at its own '\n'.
                    last = n + 1;
                    long at = board.send(ping + "?ping," + last + "\n");
                    record(n, at);
                    record(last, at);
                } else {
                    record(n, board.send(ping));
                }
                String pong = ",pong," + last + "*";
                board.await(line -> line.contains(pong), 1, Duration.ofSeconds(20));
                Thread.sleep(5 + random.nextInt(30));
            }
            Thread.sleep(100);
            session = board.stop();
        }
    }

    private static void record(long n, long sentAt) {
        pinged.add(n);
        sentNanos.put(n, sentAt);
    }

    @Test
    void helloAnnouncesTheUartLinkAndBothCapabilities() {
        assertThat(session.output().hello).isEqualTo(FirmwareBuild.HELLO);
    }

    @Test
    void everyPingIsAnsweredInOrderWithItsNumber() {
        List<Long> answered = session.output().events("pong").stream().map(e -> Long.parseLong(e.value())).toList();
        assertThat(answered).containsExactlyElementsOf(pinged);
    }

    @Test
    void eachPongIsStampedJustAfterItsNewlineReachedTheBoard() {
        Map<String, Row> arrivals = new HashMap<>();
        for (Row rx : session.truth().moments("rx")) {
            arrivals.put(rx.detail(), rx);
        }
        long[] delays = new long[pinged.size()];
        int i = 0;
        for (Event pong : session.output().events("pong")) {
            long n = Long.parseLong(pong.value());
            Row rx = arrivals.get("?ping;" + n);
            assertThat(rx).as("the harness saw ping %d arrive", n).isNotNull();
            // The board reads micros() after taking the '\n' from its buffer: never before the byte arrived,
            // and at most one pass of loop() later (board time, exact in the emulation).
            assertThat(pong.tUs()).as("pong %d vs its arrival", n)
                    .isBetween(rx.deviceUs(), rx.deviceUs() + MAX_STAMP_DELAY_US);
            delays[i++] = pong.tUs() - rx.deviceUs();
            // On the host's clock: written before it arrived, and the pong came back after.
            assertThat(sentNanos.get(n)).as("ping %d written before it arrived", n).isLessThan(rx.trueMonoNs());
            assertThat(session.lineOf(pong.seq()).receiveNanos()).as("pong %d received after", n)
                    .isGreaterThan(rx.trueMonoNs());
        }
        Arrays.sort(delays);
        System.out.printf(Locale.ROOT, "pong t_us - arrival of the ping's newline, %d pings: min %d, p50 %d, p90 %d,"
                + " max %d us%n", delays.length, delays[0], delays[delays.length / 2], delays[delays.length * 9 / 10],
                delays[delays.length - 1]);
        assertThat(delays[delays.length / 2]).as("median stamp delay, us: the board was idle for most pings")
                .isLessThanOrEqualTo(50);
    }

    @Test
    void theSampleStreamGoesOnUndisturbed() {
        BoardOutput out = session.output();  // every line parsed strictly, checksums checked
        for (int i = 0; i < out.seqs.size(); i++) {
            assertThat(out.seqs.get(i)).as("seq of record %d", i).isEqualTo(i + 1L);
        }
        for (int i = 1; i < out.times.size(); i++) {
            assertThat(out.times.get(i)).as("t_us of record %d", i).isGreaterThanOrEqualTo(out.times.get(i - 1));
        }
        List<Event> pongs = out.events("pong");
        long from = pongs.get(0).tUs() - 100_000;
        long to = pongs.get(pongs.size() - 1).tUs();
        List<Sample> during = out.samples.stream().filter(s -> s.tUs() >= from && s.tUs() < to).toList();

        // One sample per RC frame, each with that frame's widths, as without pings.
        List<SimulatedBoard.Pulse> pulses = session.truth().pulses();
        InjectedFrames frames = new InjectedFrames(pulses, pulses.get(0).riseUs(), 20_000, 2);
        List<InjectedFrames.Match> matches = frames.matchSignalSamples(during);
        assertThat(matches).hasSize(during.size());
        assertThat(matches.stream().map(InjectedFrames.Match::frame).distinct().count()).isEqualTo(during.size());
        assertThat(during.size()).as("samples vs frames ending in the window")
                .isBetween(frames.framesEndingBetween(from, to).size() - 1, frames.framesEndingBetween(from, to).size());
        for (InjectedFrames.Match m : matches) {
            // An edge that comes while another handler runs is stamped late, by up to about 10 us.
            assertThat(m.offsetUs()).as("%s", m.sample()).isBetween(-12L, 12L);
            for (int ch = 0; ch < 2; ch++) {
                assertThat(Math.abs(m.sample().value(ch) - m.frame().widths()[ch])).as("%s vs %s", m.sample(), m.frame())
                        .isLessThanOrEqualTo(10);
            }
        }
        for (int i = 1; i < during.size(); i++) {
            assertThat(during.get(i).tUs() - during.get(i - 1).tUs()).isBetween(18_900L, 21_100L);
        }
    }

    @Test
    void garbageAndUnknownLinesAreIgnored() {
        // They reached the board (the truth log saw them arrive) ...
        List<String> arrived = session.truth().moments("rx").stream().map(Row::detail).toList();
        assertThat(arrived).contains("?foo;1", "?ping;4294967296", "?blink;0;100", "x".repeat(120));
        // ... and changed nothing: no pong but for the valid pings (everyPingIsAnswered...), no blink run
        // (the LED did its calibration and then stayed on with the signal), no other record.
        assertThat(session.output().events).extracting(Event::name).containsOnly("led", "pong");
        assertThat(session.output().events("led")).extracting(Event::value)
                .containsExactly("1", "0", "1", "0", "1", "0", "1");
        assertThat(session.truth().moments("led")).hasSize(8);  // the first: setup() driving the pin low
    }

    @Test
    void theTruthFileAnchorsEverySampleOnItsFallingEdgeAndEveryLineCameAfterIt() {
        Map<Long, Row> falls = new HashMap<>();
        for (Row fall : session.truth().moments("fall")) {
            falls.put(fall.simNs(), fall);
        }
        for (Sample s : session.output().samples) {
            Row row = session.truth().record(s.seq());
            assertThat(row.kind()).isEqualTo("sample");
            assertThat(row.deviceUs()).isEqualTo(s.tUs());
            assertThat(row.corrupt()).isFalse();
            if (s.values()[0] == 0 || s.values()[1] == 0) {
                continue;  // the first sample, before both channels had a pulse
            }
            assertThat(row.anchor()).as("%s", s).isEqualTo("fall");
            Row fall = falls.get(row.simNs());
            assertThat(fall).as("the fall %s names", s).isNotNull();
            assertThat(row.trueMonoNs()).isEqualTo(fall.trueMonoNs());
            assertThat(s.tUs() - fall.deviceUs()).as("%s vs its edge", s).isBetween(-12L, 12L);
        }
        for (Event e : session.output().events) {
            Row row = session.truth().record(e.seq());
            assertThat(row.anchor()).isEqualTo(e.name().equals("led") ? "led" : "clock");
            assertThat(row.detail()).isEqualTo(e.name());
        }
        // Every record reached the host after the moment it describes (host clock, the recorder's receive_ns).
        for (PtyBoard.Line line : session.lines().subList(1, session.lines().size())) {
            long seq = Long.parseLong(line.text().substring(1, line.text().indexOf(',')));
            Row row = session.truth().record(seq);
            assertThat(line.receiveNanos()).as("%s", line.text()).isGreaterThan(row.trueMonoNs());
            assertThat(row.trueEpochNs() - row.trueMonoNs()).isEqualTo(
                    session.truth().rows.get(0).trueEpochNs() - session.truth().rows.get(0).trueMonoNs());
        }
    }
}
