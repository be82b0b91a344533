package drivetape.serial;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host's half of the two-way clock: who gets pinged, what goes on the wire, what the log keeps. Steps
 * are driven by the test (period 0: every step is due), the reader runs on its own thread.
 */
class PingerTest {
    private static final String HELLO_PING = "#hello proto=1 fw=t channels=steering,throttle rate_hz=50 link=uart"
            + " caps=ping,blink\n";
    private static final String HELLO_NONE = "#hello proto=1 fw=t channels=steering,throttle rate_hz=50\n";

    /** A scripted board that keeps what the host writes to it. */
    private static final class Board implements SerialLink {
        final ScriptedLink in;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean failWrites;

        Board(String script) {
            in = new ScriptedLink(script.getBytes(StandardCharsets.US_ASCII), 64);
            in.releaseAll();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return in.read(buffer, offset, length);
        }

        @Override
        public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
            if (failWrites) {
                throw new IOException("unplugged");
            }
            written.write(buffer, offset, length);
        }

        synchronized String text() {
            return written.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public String describe() {
            return "board";
        }

        @Override
        public void close() {
            in.close();
        }
    }

    private static SpscRing<ControlRecord> ring() {
        return new SpscRing<>(1024, ControlRecord::new, new Wakeup());
    }

    private static void awaitHello(RunningReader r) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (r.counters().hello() == null && System.nanoTime() < giveUp) {
            Thread.sleep(2);
        }
        assertThat(r.counters().hello()).isNotNull();
    }

    @Test
    void pingsABoardThatAnnouncesItAndLogsEachWrite() throws Exception {
        Board board = new Board(HELLO_PING + ProtocolLines.sample(1, 1000, 1500, 1500) + "\n");
        PingLog log = new PingLog();
        try (RunningReader r = RunningReader.of(board, ring())) {
            awaitHello(r);
            Pinger pinger = new Pinger(r.reader, log, 0);
            for (int i = 0; i < 12; i++) {
                assertThat(pinger.doWork()).isEqualTo(1);
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            expected.append("?ping,").append(i).append('\n');
        }
        assertThat(board.text()).isEqualTo(expected.toString());
        assertThat(log.sentCount()).isEqualTo(12);
        int slot = log.find(10);
        assertThat(slot).isNotNegative();
        assertThat(log.lineBytes(slot)).isEqualTo("?ping,10\n".length());
        assertThat(log.endNanoTime(slot)).isGreaterThanOrEqualTo(log.startNanoTime(slot));
        assertThat(log.startNanoTime(slot)).isGreaterThanOrEqualTo(log.endNanoTime(log.find(9)));
        assertThat(log.find(12)).as("never sent").isNegative();
    }

    @Test
    void aBoardWithoutThePingCapabilityIsSentNothing() throws Exception {
        Board board = new Board(HELLO_NONE + ProtocolLines.sample(1, 1000, 1500, 1500) + "\n");
        PingLog log = new PingLog();
        try (RunningReader r = RunningReader.of(board, ring())) {
            awaitHello(r);
            Pinger pinger = new Pinger(r.reader, log, 0);
            for (int i = 0; i < 5; i++) {
                assertThat(pinger.doWork()).isZero();
            }
        }
        assertThat(board.text()).isEmpty();
        assertThat(log.sentCount()).isZero();
    }

    @Test
    void nothingIsSentBeforeTheHello() throws Exception {
        Board board = new Board(ProtocolLines.sample(1, 1000, 1500, 1500) + "\n");
        try (RunningReader r = RunningReader.of(board, ring())) {
            Pinger pinger = new Pinger(r.reader, new PingLog(), 0);
            Thread.sleep(50);
            assertThat(pinger.doWork()).isZero();
        }
        assertThat(board.text()).isEmpty();
    }

    @Test
    void aReopenedBoardIsOnlyPingedOnceItSaysHelloAgain() throws Exception {
        Board first = new Board(HELLO_PING);
        // The second link's hello comes only when the test releases it (the board boots meanwhile).
        byte[] script = (ProtocolLines.sample(1, 1000, 1500, 1500) + "\n" + HELLO_PING).getBytes(StandardCharsets.US_ASCII);
        Board second = new Board("");
        ScriptedLink secondIn = new ScriptedLink(script, 64);
        Board[] links = {first, null};
        SerialLink secondLink = new SerialLink() {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return secondIn.read(buffer, offset, length);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                second.write(buffer, offset, length);
            }

            @Override
            public String describe() {
                return "board, reopened";
            }

            @Override
            public void close() {
                secondIn.close();
            }
        };
        int[] opened = {0};
        LinkOpener opener = () -> opened[0]++ == 0 ? links[0] : secondLink;
        PingLog log = new PingLog();
        try (RunningReader r = RunningReader.of(opener, ring())) {
            awaitHello(r);
            Pinger pinger = new Pinger(r.reader, log, 0);
            assertThat(pinger.doWork()).isEqualTo(1);
            first.in.goneAfterReleased(); // unplugged: the reader reopens the port, and the board resets
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (r.reader.link() != secondLink && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            assertThat(r.reader.link()).isSameAs(secondLink);
            int sampleBytes = ProtocolLines.sample(1, 1000, 1500, 1500).length() + 1;
            secondIn.releaseUpTo(sampleBytes);
            Thread.sleep(50);
            assertThat(pinger.doWork()).as("the hello of the last link does not count").isZero();
            assertThat(second.text()).isEmpty();
            secondIn.releaseAll();
            Hello stale = r.counters().hello();
            while (r.counters().hello() == stale && System.nanoTime() < giveUp) {
                Thread.sleep(2);
            }
            assertThat(pinger.doWork()).isEqualTo(1);
        }
        assertThat(first.text()).isEqualTo("?ping,0\n");
        assertThat(second.text()).isEqualTo("?ping,1\n");
    }

    @Test
    void aFailedWriteIsCountedNotThrown() throws Exception {
        Board board = new Board(HELLO_PING);
        board.failWrites = true;
        PingLog log = new PingLog();
        try (RunningReader r = RunningReader.of(board, ring())) {
            awaitHello(r);
            Pinger pinger = new Pinger(r.reader, log, 0);
            assertThat(pinger.doWork()).isZero();
            assertThat(pinger.writeFailures()).isEqualTo(1);
        }
        assertThat(log.sentCount()).isZero();
    }
}
