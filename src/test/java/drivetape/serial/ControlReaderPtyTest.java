package drivetape.serial;

import static drivetape.serial.ControlReaderTest.waitFor;
import static drivetape.serial.ProtocolLines.event;
import static drivetape.serial.ProtocolLines.hello;
import static drivetape.serial.ProtocolLines.sample;
import static org.assertj.core.api.Assertions.assertThat;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole serial input side against a real pseudo-terminal, as the recorder meets a controller. */
class ControlReaderPtyTest {
    @TempDir
    Path dir;

    @Test
    void readsRecordsAndCountsTroubleFromARealPty() throws Exception {
        SpscRing<ControlRecord> ring = new SpscRing<>(64, ControlRecord::new, new Wakeup());
        try (SocatPty pty = SocatPty.start(dir);
             RunningReader reader = RunningReader.of(SerialPortLink.open(pty.b.toString(), 115200), ring);
             FileOutputStream controller = new FileOutputStream(pty.a.toFile())) {
            long start = System.nanoTime();
            String script = String.join("\n",
                    "\u00f0\u0000\u00fe",                     // bootloader bytes: the first line, dropped
                    "boot noise",                              // noise 1
                    "$1,1000,1500,1500*00",                    // noise 2: bad checksum
                    hello("steering,throttle"),
                    sample(1, 1_000_000, 1500, 1500),
                    "$2,1020000,1510,1490*00",                 // bad 1 (seq 2 arrived garbled: not lost)
                    sample(3, 1_040_000, 1520, 1480) + "\r",
                    sample(6, 1_100_000, 1530, 1470),          // lost 4, 5
                    event(7, 1_105_000, "failsafe", "1"),
                    "#" + "x".repeat(150),                     // bad 2: overlong
                    sample(8, 1_120_000, 0, 0)) + "\n";
            byte[] bytes = script.getBytes(StandardCharsets.ISO_8859_1);
            // In two writes, split inside a line.
            controller.write(bytes, 0, 100);
            controller.flush();
            Thread.sleep(50);
            controller.write(bytes, 100, bytes.length - 100);
            controller.flush();

            List<Received> got = new ArrayList<>();
            waitFor(() -> {
                got.addAll(Received.drain(ring));
                return reader.counters().samples() == 4 && reader.counters().events() == 1;
            });
            long end = System.nanoTime();
            got.addAll(Received.drain(ring));

            assertThat(got).extracting(Received::brief).containsExactly(
                    "H seg=0 hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50",
                    "S seg=0 seq=1 us=1000000 [1500, 1500]",
                    "S seg=0 seq=3 us=1040000 [1520, 1480]",
                    "S seg=0 seq=6 us=1100000 [1530, 1470]",
                    "E seg=0 seq=7 us=1105000 failsafe=1",
                    "S seg=0 seq=8 us=1120000 [0, 0]");
            assertThat(got).extracting(Received::receiveNanoTime).allSatisfy(t -> assertThat(t).isBetween(start, end));
            ReaderCounters c = reader.counters();
            assertThat(c.noiseLines()).isEqualTo(2);
            assertThat(c.badLines()).isEqualTo(2);
            assertThat(c.lostRecords()).isEqualTo(2);
            assertThat(c.resets()).isZero();
            assertThat(c.lines()).isEqualTo(10);
            assertThat(c.bytesRead()).isEqualTo(bytes.length);
            assertThat(c.hello().channels()).containsExactly("steering", "throttle");
            assertThat(reader.reader.lastProblem()).isNull();
        }
    }

    @Test
    void aPtyThatGoesAwayIsALostLinkAndComesBackWhenItIsThereAgain() throws Exception {
        SpscRing<ControlRecord> ring = new SpscRing<>(8, ControlRecord::new, new Wakeup());
        SocatPty pty = SocatPty.start(dir);
        try (RunningReader reader = RunningReader.of(SerialPortLink.open(pty.b.toString(), 115200), ring)) {
            pty.kill();
            // The reader says it stopped reading, then publishes the lost link: wait for the record itself.
            java.util.List<Received> got = new java.util.ArrayList<>();
            waitFor(() -> {
                got.addAll(Received.drainAll(ring));
                return !reader.reading() && !got.isEmpty();
            });
            assertThat(reader.reader.lastProblem()).isNotNull();
            assertThat(got).extracting(Received::kind).containsExactly(RecordKind.LINK_DOWN);
        } finally {
            pty.close();
        }
    }
}
