package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.fazecast.jSerialComm.SerialPort;
import drivetape.serial.SerialPorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The firmware on simavr in real time, talked to as a host talks to a board: through the harness's
 * pseudo-terminal, both ways, with every line's receive time on System.nanoTime (as the recorder stamps
 * them) and the harness's truth file to check them against.
 */
final class PtyBoard implements AutoCloseable {
    /** A line the board sent (without '\n'), read at {@code receiveNanos}. */
    record Line(String text, long receiveNanos) {
    }

    /** Everything from one run: the board's lines parsed strictly, their receive times, the truth. */
    record Session(BoardOutput output, List<Line> lines, HarnessTruth truth, String stderr) {
        /** The $ or ! line with this seq. */
        Line lineOf(long seq) {
            String wanted = Long.toString(seq);
            return lines.stream().filter(l -> {
                String t = l.text();
                int comma = t.indexOf(',');
                return (t.startsWith("$") || t.startsWith("!")) && comma > 1 && t.substring(1, comma).equals(wanted);
            }).findFirst().orElseThrow(() -> new AssertionError("no line with seq " + seq));
        }
    }

    private static final String TRUTH = "truth.csv";
    private static final String HARNESS_ERR = "harness.err";

    private final Process harness;
    private final SerialPort port;
    private final Path dir;
    private final Thread reader;
    private final StringBuilder text = new StringBuilder();
    private final List<Line> lines = new ArrayList<>();

    private PtyBoard(Process harness, SerialPort port, Path dir) {
        this.harness = harness;
        this.port = port;
        this.dir = dir;
        this.reader = new Thread(this::readLines, "pty-board-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the harness on a pty with these arguments (pulse segments...) and opens the pty. */
    static PtyBoard start(Path dir, String... harnessArgs) throws Exception {
        FirmwareBuild.ensureBuilt();
        Files.createDirectories(dir);
        Path truth = dir.resolve(TRUTH);
        Path err = dir.resolve(HARNESS_ERR);
        List<String> command = new ArrayList<>(List.of(FirmwareBuild.HARNESS.toString(), "--pty", "--wait-open",
                "--realtime", "--seconds", "120", "--truth", truth.toString()));
        command.addAll(List.of(harnessArgs));
        command.add(FirmwareBuild.ELF.toString());
        Process harness = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the harness names its pty").isNotNull().startsWith("pty ");
            SerialPort port = SerialPorts.open(first.substring(4).trim(), 115200, SerialPort.TIMEOUT_READ_SEMI_BLOCKING,
                    100);
            return new PtyBoard(harness, port, dir);
        } catch (Exception | AssertionError e) {
            harness.destroyForcibly();
            throw e;
        }
    }

    /** Writes {@code text} to the board; returns System.nanoTime just before the write. */
    long send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long before = System.nanoTime();
        assertThat(port.writeBytes(bytes, bytes.length)).as("written to the pty").isEqualTo(bytes.length);
        return before;
    }

    static boolean isLedEvent(String line) {
        return line.startsWith("!") && line.contains(",led,");
    }

    /** Waits until {@code count} lines since the start match {@code wanted}; returns the last of them. */
    Line await(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int matched = 0;
            for (int seen = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen).text()) && ++matched == count) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the board did not send the awaited line in " + timeout + "; got "
                            + lines.size() + " lines");
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Stops the harness (it writes out its truth file) and returns the run; what the board sent is kept in uart.txt. */
    Session stop() throws Exception {
        harness.destroy();  // SIGTERM: the harness stops at its next quantum and closes its files
        assertThat(harness.waitFor(20, TimeUnit.SECONDS)).as("the harness stops on SIGTERM").isTrue();
        reader.join(5_000);  // the pty's far side is gone: reads fail and the reader ends
        port.closePort();
        String stderr = Files.readString(dir.resolve(HARNESS_ERR), StandardCharsets.UTF_8);
        assertThat(harness.exitValue()).as("harness: %s", stderr).isZero();
        synchronized (lines) {
            Files.writeString(dir.resolve("uart.txt"), text, StandardCharsets.ISO_8859_1);
            return new Session(new BoardOutput(text.toString()), List.copyOf(lines), new HarnessTruth(dir.resolve(TRUTH)),
                    stderr);
        }
    }

    @Override
    public void close() {
        harness.destroyForcibly();
        port.closePort();
    }

    private void readLines() {
        byte[] buffer = new byte[4096];
        StringBuilder partial = new StringBuilder();
        for (;;) {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                return;
            }
            long now = System.nanoTime();
            synchronized (lines) {
                for (int i = 0; i < n; i++) {
                    char c = (char) (buffer[i] & 0xFF);
                    text.append(c);
                    if (c == '\n') {
                        lines.add(new Line(partial.toString(), now));
                        partial.setLength(0);
                    } else {
                        partial.append(c);
                    }
                }
                lines.notifyAll();
            }
        }
    }
}
