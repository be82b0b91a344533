package drivetape.serial;

import static drivetape.serial.ProtocolLines.bytes;
import static drivetape.serial.ProtocolLines.event;
import static drivetape.serial.ProtocolLines.framed;
import static drivetape.serial.ProtocolLines.hello;
import static drivetape.serial.ProtocolLines.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlReaderTest {
    private static final long MAX = 4294967295L;

    private RunningReader reader;

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.close();
        }
    }

    private static SpscRing<ControlRecord> ring(int capacity) {
        return new SpscRing<>(capacity, ControlRecord::new, new Wakeup());
    }

    private static byte[] stream(String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : lines) {
            out.writeBytes(bytes(line));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Runs a whole script through a reader (in 7-byte chunks, so lines straddle reads) and drains it. */
    private List<Received> runScript(byte[] script) {
        SpscRing<ControlRecord> ring = ring(256);
        ScriptedLink link = new ScriptedLink(script, 7);
        link.releaseAll();
        link.goneAfterReleased();
        reader = RunningReader.of(link, ring);
        waitFor(() -> !reader.reading());
        return Received.drain(ring);
    }

    @Test
    void countsNoiseBadLinesLossesAndResetsAsTheProtocolSays() {
        byte[] script = stream(
                "\u0000\u00f0 tail of a line from before we opened",  // dropped whole: starts mid-line
                "bootloader junk",                                      // noise 1
                "$1,1000,1500,1500*00",                                 // noise 2 (bad checksum)
                "",                                                     // empty: ignored
                hello("steering,throttle"),
                sample(1, 1_000_000, 1500, 1500),
                sample(2, 1_020_000, 1510, 1490) + "\r",
                "$3,1040000,1520,1480*00",                              // bad 1 (seq 3 arrived garbled: not lost)
                sample(4, 1_060_000, 1530, 1470),
                sample(4, 1_060_000, 1530, 1470),                       // bad 2: duplicate
                sample(7, 1_120_000, 1540, 1460),                       // lost 5, 6
                event(8, 1_125_000, "failsafe", "1"),
                "$" + "9".repeat(130),                                  // bad 3: overlong
                sample(9, 1_140_000, 1500),                             // bad 4: one value, hello said two
                "#calibrating",
                sample(10, 1_160_000, 0, 0),                            // seq 9 arrived (bad 4): not lost
                hello("steering,throttle,aux"),                        // board reset: segment 1
                sample(1, 500_000, 1500, 1500, 1000),
                sample(2, 520_000, 1500, 1500, 1000),
                sample(1, 300_000, 1500, 1500, 1000),                   // seq backwards: segment 2
                event(2, 310_000, "led"),
                "#hello proto=1 channels=",                             // bad 5: invalid hello
                "\u00ff\u00fe");                                        // bad 6: not ASCII
        List<Received> got = runScript(script);

        assertThat(got).extracting(Received::brief).containsExactly(
                "H seg=0 hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50",
                "S seg=0 seq=1 us=1000000 [1500, 1500]",
                "S seg=0 seq=2 us=1020000 [1510, 1490]",
                "S seg=0 seq=4 us=1060000 [1530, 1470]",
                "S seg=0 seq=7 us=1120000 [1540, 1460]",
                "E seg=0 seq=8 us=1125000 failsafe=1",
                "I seg=0 calibrating",
                "S seg=0 seq=10 us=1160000 [0, 0]",
                "H seg=1 hello proto=1 fw=1.0.0 channels=steering,throttle,aux rate_hz=50",
                "S seg=1 seq=1 us=500000 [1500, 1500, 1000]",
                "S seg=1 seq=2 us=520000 [1500, 1500, 1000]",
                "S seg=2 seq=1 us=300000 [1500, 1500, 1000]",
                "E seg=2 seq=2 us=310000 led=null");
        ReaderCounters c = reader.counters();
        assertThat(c.noiseLines()).isEqualTo(2);
        assertThat(c.badLines()).isEqualTo(6);
        // Only 5 and 6 never arrived; 3 and 9 arrived as bad lines.
        assertThat(c.lostRecords()).isEqualTo(2);
        assertThat(c.resets()).isEqualTo(2);
        assertThat(c.samples()).isEqualTo(8);
        assertThat(c.events()).isEqualTo(2);
        assertThat(c.lines()).isEqualTo(21);
        assertThat(c.bytesRead()).isEqualTo(script.length);
        assertThat(c.hello().channels()).containsExactly("steering", "throttle", "aux");
        assertThat(c.ringFullWaits()).isZero();
        assertThat(reader.reader.lastProblem()).contains("scripted").contains("went away");
    }

    @Test
    void unwrapsSeqAndTimeAcrossTheirWraps() {
        long t0 = MAX - 30_000;
        byte[] script = stream(
                sample(MAX - 1, t0, 1500),
                sample(MAX, t0 + 20_000, 1500),
                sample(0, (t0 + 40_000) & MAX, 1500),
                sample(2, (t0 + 80_000) & MAX, 1500));
        List<Received> got = runScript(script);
        assertThat(got).extracting(Received::seq).containsExactly(MAX - 1, MAX, MAX + 1, MAX + 3);
        assertThat(got).extracting(Received::deviceUs).containsExactly(t0, t0 + 20_000, t0 + 40_000, t0 + 80_000);
        assertThat(got).extracting(Received::segment).containsOnly(0);
        assertThat(reader.counters().lostRecords()).isEqualTo(1);
        assertThat(reader.counters().resets()).isZero();
    }

    @Test
    void withoutAHelloSamplesOfAnyWidthAreTaken() {
        List<Received> got = runScript(stream(sample(1, 10, 1500), sample(2, 20, 1500, 1600, 1700)));
        assertThat(got).extracting(Received::values).containsExactly(List.of(1500), List.of(1500, 1600, 1700));
        assertThat(reader.counters().badLines()).isZero();
    }

    @Test
    void everyLineCarriesTheTimeItsLastByteWasRead() {
        SpscRing<ControlRecord> ring = ring(64);
        byte[] first = stream(sample(1, 10, 1), sample(2, 20, 2));
        byte[] second = stream(sample(3, 30, 3));
        byte[] script = new byte[first.length + second.length];
        System.arraycopy(first, 0, script, 0, first.length);
        System.arraycopy(second, 0, script, first.length, second.length);
        ScriptedLink link = new ScriptedLink(script, 4096);
        reader = RunningReader.of(link, ring);

        long beforeFirst = System.nanoTime();
        link.releaseUpTo(first.length);
        waitFor(() -> reader.counters().samples() == 2);
        long afterFirst = System.nanoTime();
        link.releaseAll();
        waitFor(() -> reader.counters().samples() == 3);
        long afterSecond = System.nanoTime();

        List<Received> got = Received.drain(ring);
        assertThat(got.get(0).receiveNanoTime()).isEqualTo(got.get(1).receiveNanoTime())
                .isBetween(beforeFirst, afterFirst);
        assertThat(got.get(2).receiveNanoTime()).isBetween(afterFirst, afterSecond);
    }

    @Test
    void aFullRingMakesTheReaderWaitNotDrop() {
        SpscRing<ControlRecord> ring = ring(4);
        List<String> lines = new ArrayList<>();
        for (int seq = 1; seq <= 100; seq++) {
            lines.add(sample(seq, seq * 20_000L, 1000 + seq));
        }
        ScriptedLink link = new ScriptedLink(stream(lines.toArray(String[]::new)), 64);
        link.releaseAll();
        reader = RunningReader.of(link, ring);
        waitFor(() -> reader.counters().ringFullWaits() > 0);
        assertThat(reader.counters().samples()).isEqualTo(4);

        List<Received> got = new ArrayList<>();
        waitFor(() -> {
            got.addAll(Received.drain(ring));
            return got.size() == 100;
        });
        assertThat(got).extracting(Received::seq).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(got.get(99).values()).containsExactly(1100);
        assertThat(reader.counters().lostRecords()).isZero();
        assertThat(reader.counters().ringFullWaits()).isBetween(1L, 96L);
    }

    @Test
    void closeStopsAReaderWaitingOnAFullRing() {
        SpscRing<ControlRecord> ring = ring(2);
        ScriptedLink link = new ScriptedLink(stream(sample(1, 1, 1), sample(2, 2, 2), sample(3, 3, 3)), 4096);
        link.releaseAll();
        reader = RunningReader.of(link, ring);
        waitFor(() -> reader.counters().ringFullWaits() == 1);
        reader.close();
        assertThat(reader.threadAlive()).isFalse();
        assertThat(link.closed()).isTrue();
        assertThat(reader.reader.lastProblem()).isNull();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain(ControlReader.THREAD_NAME);
    }

    @Test
    void closeStopsAnIdleReaderAndClosesTheLink() {
        ScriptedLink link = new ScriptedLink(new byte[0], 1);
        reader = RunningReader.of(link, ring(8));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains(ControlReader.THREAD_NAME);
        reader.close();
        assertThat(reader.threadAlive()).isFalse();
        assertThat(link.closed()).isTrue();
        assertThat(reader.reader.lastProblem()).isNull();
    }

    @Test
    void aReadErrorIsALostLinkAndIsReported() {
        ScriptedLink link = new ScriptedLink(stream(sample(1, 1, 1)), 4096);
        link.releaseAll();
        IOException broken = new IOException("input/output error");
        link.failAfterReleased(broken);
        SpscRing<ControlRecord> ring = ring(8);
        reader = RunningReader.of(link, ring);
        waitFor(() -> !reader.reading());
        assertThat(reader.reader.lastProblem()).isEqualTo("input/output error");
        List<Received> got = Received.drainAll(ring);
        assertThat(got).extracting(Received::kind).containsExactly(RecordKind.SAMPLE, RecordKind.LINK_DOWN);
        assertThat(reader.counters().outages()).isEqualTo(1);
    }

    @Test
    void theReadingThreadAllocatesNothingPerLine() {
        int total = 250_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(stream(hello("steering,throttle")));
        for (int seq = 1; seq <= total; seq++) {
            // A mix of everything the hot path meets: samples, events, corrupt and overlong lines.
            String line = switch (seq % 50) {
                case 10 -> event(seq, (seq * 20_000L) & MAX, "led", "1");
                case 20 -> framed('$', seq + ",1,2,3").replace('*', '+');
                case 30 -> "#" + "x".repeat(200);
                default -> sample(seq, (seq * 20_000L) & MAX, 1000 + seq % 1000, 2000 - seq % 1000);
            };
            out.writeBytes(bytes(line + (seq % 2 == 0 ? "\r\n" : "\n")));
        }
        SpscRing<ControlRecord> ring = ring(1024);
        ScriptedLink link = new ScriptedLink(out.toByteArray(), 1000);
        reader = RunningReader.of(link, ring);
        Thread readerThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(ControlReader.THREAD_NAME)).findFirst().orElseThrow();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

        link.releaseAll();
        long[] allocatedAfterWarmUp = {-1};
        long[] records = {0};
        waitFor(() -> {
            records[0] += Received.drain(ring).size();
            if (allocatedAfterWarmUp[0] < 0 && records[0] >= 50_000) {
                allocatedAfterWarmUp[0] = threads.getThreadAllocatedBytes(readerThread.getId());
            }
            return reader.counters().lines() == total + 1 && ring.size() == 0;
        });
        long allocated = threads.getThreadAllocatedBytes(readerThread.getId()) - allocatedAfterWarmUp[0];
        // Every gap in seq is filled by a line that arrived garbled: bad, not lost.
        assertThat(reader.counters().lostRecords()).isZero();
        assertThat(reader.counters().badLines()).isEqualTo(total / 50 * 2);
        assertThat(allocated).as("bytes allocated by the reader thread for ~200k lines").isLessThan(8192);
    }

    static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
