package drivetape.sim;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulator's ground truth, a CSV file with one row per thing that happened, and the true moment it
 * happened, so a checker can score a recording's times:
 *
 * <pre>seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,name,value</pre>
 *
 * <ul>
 *   <li>{@code sample}: a {@code $} record sent; the moment its values were measured. name and value empty.
 *   <li>{@code event}: a {@code !} record sent, name and value as on the wire: {@code failsafe,0|1};
 *       {@code pong,<n>} at the moment the board read the ping's newline; {@code led,0|1} at the moment the
 *       LED switched.
 *   <li>{@code aux}: a scripted aux flip, on the first sample sent that shows it (the sample whose value
 *       first crosses): that sample's seq, device_us, moment and corrupt flag, name the channel, value its
 *       new pulse width (1000 or 2000). The row follows that sample's own row.
 *   <li>{@code frame}: a simulated camera frame; seq is the frame number, device_us empty, the moment is
 *       the middle of its exposure, corrupt 0, name {@code led} and value the fraction of the exposure
 *       during which the LED was lit (0, 1, or in between for a switch inside the exposure, e.g. 0.375).
 * </ul>
 *
 * <p>seq and device_us are as on the wire (32-bit, wrapped) to join on. true_mono_ns is on the host's
 * CLOCK_MONOTONIC (System.nanoTime), which the recorder's episode time_base converts exactly; true_epoch_ns
 * is the same moment by the simulation's own wall-clock anchor ({@link SimClock}). Records lost on purpose
 * have no row. The first six columns are those of the original format, so a reader of it that keeps to the
 * kinds it knows (sample, event) reads this one unchanged.
 *
 * <p>Rows of records are written by the controller's thread. Frame rows come from the camera's thread
 * through a lock-free ring ({@link #addFrame}) and are written by the controller's thread too, or by
 * {@link #close()}, which must come after both have stopped. Flushed at least once a second and on close.
 */
public final class TruthFile implements Closeable {
    static final String HEADER = "seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,name,value";
    private static final long FLUSH_EVERY_NANOS = 1_000_000_000L;
    private static final int FRAME_RING = 1024;

    private final Path path;
    private final BufferedWriter out;
    private final SimClock clock;
    private final StringBuilder row = new StringBuilder(128);
    private final SpscRing<FrameRow> frames = new SpscRing<>(FRAME_RING, FrameRow::new, new Wakeup());
    private volatile long framesDropped;
    private long lastFlushNanos;

    /** A frame's row on its way from the camera's thread. */
    private static final class FrameRow {
        long frame;
        long exposureNanos;
        int ledMilli;
    }

    private TruthFile(Path path, BufferedWriter out, SimClock clock) {
        this.path = path;
        this.out = out;
        this.clock = clock;
        this.lastFlushNanos = System.nanoTime();
    }

    /** Creates (or truncates) the file and writes the header; moments are converted with {@code clock}. */
    public static TruthFile create(Path path, SimClock clock) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
        try {
            out.write(HEADER);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new TruthFile(path, out, clock);
    }

    public Path path() {
        return path;
    }

    public SimClock clock() {
        return clock;
    }

    /** Controller thread: adds the line's rows if it is a record; flushes when a second has passed. */
    void add(ScheduledLine line, long nowNanos) throws IOException {
        if (line.kind == ScheduledLine.Kind.SAMPLE || line.kind == ScheduledLine.Kind.EVENT) {
            boolean sample = line.kind == ScheduledLine.Kind.SAMPLE;
            startRow(line.seq, sample ? "sample" : "event", line.deviceUs & (SimConfig.U32 - 1), true,
                    line.measuredNanos, line.corrupt);
            if (sample) {
                row.append(",,");
            } else {
                row.append(',').append(line.eventName).append(',').append(line.eventValue);
            }
            endRow();
            for (int mask = line.auxFlipMask, i = 0; mask != 0; mask >>>= 1, i++) {
                if ((mask & 1) != 0) {
                    startRow(line.seq, "aux", line.deviceUs & (SimConfig.U32 - 1), true, line.measuredNanos,
                            line.corrupt);
                    row.append(',').append(line.channels.get(i)).append(',').append(line.values[i]);
                    endRow();
                }
            }
        }
        flushIfDue(nowNanos);
    }

    /**
     * Camera thread (one only): frame {@code frame} exposed around {@code exposureNanos} after the origin,
     * with the LED lit for {@code ledMilli} thousandths of the exposure. Never blocks: a row that finds the
     * ring full (the controller's thread not draining it) is dropped and counted.
     */
    public void addFrame(long frame, long exposureNanos, int ledMilli) {
        FrameRow slot = frames.claim();
        if (slot == null) {
            framesDropped = framesDropped + 1;
            return;
        }
        slot.frame = frame;
        slot.exposureNanos = exposureNanos;
        slot.ledMilli = ledMilli;
        frames.publish();
    }

    /** Frame rows that found the ring full. */
    public long framesDropped() {
        return framesDropped;
    }

    /** Controller thread: writes pending frame rows, flushes if rows are older than a second. */
    void flushIfDue(long nowNanos) throws IOException {
        drainFrames();
        if (nowNanos - lastFlushNanos >= FLUSH_EVERY_NANOS) {
            flush(nowNanos);
        }
    }

    /** Controller thread: writes pending frame rows and flushes now. */
    void flush(long nowNanos) throws IOException {
        drainFrames();
        out.flush();
        lastFlushNanos = nowNanos;
    }

    private void drainFrames() throws IOException {
        FrameRow frame;
        while ((frame = frames.peek()) != null) {
            startRow(frame.frame, "frame", 0, false, frame.exposureNanos, false);
            row.append(",led,");
            appendFraction(row, frame.ledMilli);
            frames.release();
            endRow();
        }
    }

    private void startRow(long seq, String kind, long deviceUs, boolean hasDeviceUs, long sinceOriginNanos,
                          boolean corrupt) {
        row.setLength(0);
        row.append(seq).append(',').append(kind).append(',');
        if (hasDeviceUs) {
            row.append(deviceUs);
        }
        row.append(',').append(clock.monoNanos(sinceOriginNanos))
                .append(',').append(clock.epochNanos(sinceOriginNanos))
                .append(',').append(corrupt ? '1' : '0');
    }

    private void endRow() throws IOException {
        row.append('\n');
        out.append(row);
    }

    /** Thousandths as a plain decimal: 0, 1, 0.5, 0.375. */
    public static void appendFraction(StringBuilder to, int milli) {
        if (milli <= 0) {
            to.append('0');
        } else if (milli >= 1000) {
            to.append('1');
        } else {
            to.append("0.");
            int digits = milli;
            int width = 3;
            while (digits % 10 == 0) {
                digits /= 10;
                width--;
            }
            for (int pad = width - 1, v = digits; pad > 0 && v < pow10(pad); pad--) {
                to.append('0');
            }
            to.append(digits);
        }
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /** Writes what is left (frame rows included) and closes. Call after the runner and camera stopped. */
    @Override
    public void close() throws IOException {
        try {
            drainFrames();
        } finally {
            out.close();
        }
    }
}
