package drivetape.jmh;

import drivetape.serial.Checksum;
import drivetape.serial.ControlRecord;
import drivetape.serial.LineAssembler;
import drivetape.serial.LineHandler;
import drivetape.serial.LineParser;
import drivetape.serial.RecordKind;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Protocol v1 parsing on one core: lines per second, and (with {@code -prof gc}) bytes allocated per line.
 * {@code parse}: one sample line into a reused record. {@code assembleAndParse}: what the serial thread does
 * with a 4 KiB read, split into lines and each parsed (ops are lines).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LineParserBenchmark {
    private static final int LINES = 256;
    private static final int CHUNK_LINES = 100;

    /** Channels per sample: the protocol's example has 2, a full RC receiver 8. */
    @Param({"2", "8"})
    int channels;

    private final LineParser parser = new LineParser();
    private final ControlRecord record = new ControlRecord();
    private byte[][] lines;
    private int next;
    private byte[] chunk;
    private LineAssembler assembler;
    private Parse handler;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        lines = new byte[LINES][];
        StringBuilder stream = new StringBuilder();
        long us = 3_000_000_000L;
        for (int i = 0; i < LINES; i++) {
            StringBuilder body = new StringBuilder().append(100_000 + i).append(',').append(us += 20_000);
            for (int c = 0; c < channels; c++) {
                body.append(',').append(1000 + random.nextInt(1001));
            }
            String line = "$" + body + "*" + String.format("%02X", Checksum.xor(body));
            lines[i] = line.getBytes(StandardCharsets.US_ASCII);
            if (i < CHUNK_LINES) {
                stream.append(line).append("\r\n");
            }
        }
        chunk = stream.toString().getBytes(StandardCharsets.US_ASCII);
        assembler = new LineAssembler(false);
        handler = new Parse(parser, record);
        if (parser.parse(lines[0], 0, lines[0].length, record) != RecordKind.SAMPLE) {
            throw new IllegalStateException("the benchmark's lines do not parse: " + parser.badReason());
        }
    }

    @Benchmark
    public RecordKind parse() {
        byte[] line = lines[next++ & (LINES - 1)];
        return parser.parse(line, 0, line.length, record);
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK_LINES)
    public void assembleAndParse(Blackhole bh) {
        assembler.accept(chunk, 0, chunk.length, handler);
        bh.consume(handler.samples);
    }

    /** The serial thread's line callback, reduced to the parse. */
    static final class Parse implements LineHandler {
        private final LineParser parser;
        private final ControlRecord record;
        long samples;

        Parse(LineParser parser, ControlRecord record) {
            this.parser = parser;
            this.record = record;
        }

        @Override
        public void onLine(byte[] buf, int off, int len) {
            if (parser.parse(buf, off, len, record) == RecordKind.SAMPLE) {
                samples++;
            }
        }

        @Override
        public void onOverlong() {
            // Not in this input.
        }
    }
}
