package drivetape.jmh;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.Checksum;
import drivetape.serial.ControlReader;
import drivetape.serial.ControlRecord;
import drivetape.serial.SerialException;
import drivetape.serial.SerialLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control path inside the recorder, in isolation and through its public API only: one
 * {@link ControlReader#doWork()} over a link that returns one protocol line per read (as a 50 Hz controller's
 * lines arrive), so one op is bytes read -> line assembled, parsed, unwrapped and published into the
 * timeline's {@link SpscRing} (then released, as the timeline would). This is the figure the removed
 * {@code ControlReader.measurePublishLatency} probe gave from inside a recording; {@code ./drivetape bench}
 * now measures the same path end to end from outside (bytes read -> the reader's next read), where it also
 * pays for cold caches and preemption. SampleTime mode gives the percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ControlReaderBenchmark {
    /** Lines prepared (seq and t_us increasing); after the last the board seems to reset, once per pass. */
    private static final int LINES = 1 << 18;

    /** Channels per sample: the protocol's example has 2, a full RC receiver 8. */
    @Param({"2", "8"})
    int channels;

    private SpscRing<ControlRecord> ring;
    private ControlReader reader;

    @Setup
    public void setUp() throws IOException, SerialException {
        byte[][] lines = new byte[LINES][];
        long us = 3_000_000L;
        for (int i = 0; i < LINES; i++) {
            StringBuilder body = new StringBuilder().append(i + 1).append(',').append(us += 20_000);
            for (int c = 0; c < channels; c++) {
                body.append(',').append(1000 + (i * 7 + c * 131) % 1001);
            }
            lines[i] = ("$" + body + "*" + String.format("%02X", Checksum.xor(body)) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        ring = new SpscRing<>(1024, ControlRecord::new, new Wakeup());
        reader = new ControlReader(new LineLink(lines), ring);
        reader.open();
        for (int i = 0; i < 10; i++) {
            readOneLine();
        }
        if (reader.counters().samples() != 10) {
            throw new IllegalStateException("the benchmark's lines do not parse: " + reader.counters().badLines()
                    + " bad of 10");
        }
    }

    @TearDown
    public void tearDown() {
        reader.onClose();
    }

    @Benchmark
    public long readOneLine() throws IOException {
        reader.doWork();
        long seq = 0;
        ControlRecord r;
        while ((r = ring.peek()) != null) {
            seq = r.seq;
            ring.release();
        }
        return seq;
    }

    /** One prepared line per read, round and round. */
    static final class LineLink implements SerialLink {
        private final byte[][] lines;
        private int next;

        LineLink(byte[][] lines) {
            this.lines = lines;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            byte[] line = lines[next];
            next = (next + 1) % lines.length;
            System.arraycopy(line, 0, buffer, offset, line.length);
            return line.length;
        }

        @Override
        public String describe() {
            return "benchmark lines";
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }
}
