package drivetape.sim;

import drivetape.timing.TimeBase;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulator's ground truth: one CSV row per {@code $}/{@code !} record actually sent, with the moment its
 * values were measured, so a checker can score a recording's t_ns.
 *
 * <p>{@code seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt}: seq and device_us as on the wire (32-bit,
 * wrapped) to join on; true_mono_ns on the host's CLOCK_MONOTONIC (System.nanoTime), which the recorder's
 * episode time_base converts exactly; true_epoch_ns the same moment by the simulator's own wall-clock anchor.
 * Written by the runner's thread only; flushed at least once a second and on close.
 */
public final class TruthFile implements Closeable {
    static final String HEADER = "seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt";
    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;

    private final Path path;
    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(96);
    private TimeBase anchor;
    private long startNanos;
    private long lastFlushNanos;

    private TruthFile(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /** Creates (or truncates) the file and writes the header. */
    public static TruthFile create(Path path) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
        try {
            out.write(HEADER);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new TruthFile(path, out);
    }

    public Path path() {
        return path;
    }

    /** Called by the runner when the schedule starts: schedule time 0 is {@code startNanos} on System.nanoTime. */
    void start(long startNanos) {
        this.startNanos = startNanos;
        this.anchor = TimeBase.anchorNow();
        this.lastFlushNanos = startNanos;
    }

    /** Adds the line if it is a record; flushes when a second has passed since the last flush. */
    void add(ScheduledLine line, long nowNanos) throws IOException {
        if (line.kind == ScheduledLine.Kind.SAMPLE || line.kind == ScheduledLine.Kind.EVENT) {
            long trueMono = startNanos + line.measuredNanos;
            row.setLength(0);
            row.append(line.seq).append(',')
                    .append(line.kind == ScheduledLine.Kind.SAMPLE ? "sample" : "event").append(',')
                    .append(line.deviceUs & (SimConfig.U32 - 1)).append(',')
                    .append(trueMono).append(',')
                    .append(anchor.toEpochNs(trueMono)).append(',')
                    .append(line.corrupt ? 1 : 0).append('\n');
            out.append(row);
        }
        if (nowNanos - lastFlushNanos >= FLUSH_EVERY_NANOS) {
            flush(nowNanos);
        }
    }

    /** Flushes if rows are older than a second (the runner calls this while it waits). */
    void flushIfDue(long nowNanos) throws IOException {
        if (nowNanos - lastFlushNanos >= FLUSH_EVERY_NANOS) {
            flush(nowNanos);
        }
    }

    private void flush(long nowNanos) throws IOException {
        out.flush();
        lastFlushNanos = nowNanos;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
