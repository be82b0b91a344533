package drivetape.serial;

import drivetape.runner.Agent;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The host's half of the two-way clock, run as the agent of thread {@code drivetape-ping}: a few times a
 * second it writes {@code ?ping,<n>} to a board whose hello announced {@code caps=ping}, and logs when the
 * write started and returned in the {@link PingLog}, where the timeline finds them when the pong comes back.
 *
 * <p>It borrows the {@link ControlReader}'s link and never reads: the reading thread is never blocked or
 * delayed by a ping (a port can be written from one thread while another reads it). A board that did not
 * announce {@code ping} is never sent anything, and neither is a board whose port was just reopened, until
 * it has said hello again: an Uno's bootloader listens for the first second after a reset, and must not be
 * given bytes it does not expect.
 */
public final class Pinger implements Agent {
    public static final String THREAD_NAME = "drivetape-ping";
    public static final String CAPABILITY = "ping";
    /** 4 Hz: a pong every 250 ms tightens the bracket soon, and costs the board a 13-byte line each time. */
    static final long PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(250);
    /** The longest a step sleeps, so a stop is noticed at once. */
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final byte[] PREFIX = {'?', 'p', 'i', 'n', 'g', ','};

    private final ControlReader reader;
    private final PingLog log;
    private final long periodNs;
    private final byte[] line = new byte[PREFIX.length + 11];
    private long next = System.nanoTime();
    /** xorshift64 state: the moment of each ping is random (see {@link #doWork}). */
    private long random = System.nanoTime() | 1;
    private long n;
    private volatile long writeFailures;
    /** A host line other than a ping, waiting to go out from this thread (the link has one writer). */
    private final AtomicReference<byte[]> request = new AtomicReference<>();

    public Pinger(ControlReader reader, PingLog log) {
        this(reader, log, PERIOD_NS);
    }

    Pinger(ControlReader reader, PingLog log, long periodNs) {
        this.reader = reader;
        this.log = log;
        this.periodNs = periodNs;
        System.arraycopy(PREFIX, 0, line, 0, PREFIX.length);
    }

    @Override
    public String name() {
        return THREAD_NAME;
    }

    public PingLog log() {
        return log;
    }

    /** Writes that failed (the port went away meanwhile: the reader notices and reopens it). */
    public long writeFailures() {
        return writeFailures;
    }

    /**
     * Queues a host line for the board ({@code ?blink,...\n}), from any thread. It goes out from this thread
     * once the board has said hello, so that the link keeps one writer.
     *
     * @return false when an earlier line is still waiting
     */
    public boolean send(byte[] line) {
        return request.compareAndSet(null, line.clone());
    }

    @Override
    public int doWork() {
        if (request.get() != null && sendRequest()) {
            return 1;
        }
        long now = System.nanoTime();
        if (now - next < 0) {
            LockSupport.parkNanos(this, Math.min(next - now, MAX_PARK_NS));
            return 0;
        }
        // Each ping goes at a random moment of its period (mean: the period): on a fixed period, a multiple
        // of the 1 ms USB frame, every ping would wait the same part of a frame, and that part would be in
        // every lower bound, as the lines' phase on the grid is in every upper one.
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        next = Math.max(next, now) + (periodNs / 2 == 0 ? 0 : periodNs / 2 + Math.floorMod(random, periodNs));
        SerialLink link = reader.link();
        // Read after the link: a reopened link's hello is cleared before the link is published.
        Hello hello = reader.linkHello();
        if (link == null || hello == null || !hello.can(CAPABILITY)) {
            return 0;
        }
        int length = format(n);
        long start = System.nanoTime();
        try {
            link.write(line, 0, length);
        } catch (IOException e) {
            writeFailures++;
            return 0;
        }
        log.sent(n, start, System.nanoTime(), length);
        n = (n + 1) & 0xFFFF_FFFFL;
        return 1;
    }

    private boolean sendRequest() {
        SerialLink link = reader.link();
        if (link == null || reader.linkHello() == null) {
            return false;
        }
        byte[] line = request.getAndSet(null);
        try {
            link.write(line, 0, line.length);
        } catch (IOException e) {
            writeFailures++;
        }
        return true;
    }

    /** {@code ?ping,<n>\n} into the reused line buffer; returns its length. */
    private int format(long value) {
        int end = PREFIX.length;
        long v = value;
        int digits = 1;
        for (long p = 10; p <= v && digits < 10; p *= 10) {
            digits++;
        }
        for (int i = end + digits - 1; i >= end; i--) {
            line[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        end += digits;
        line[end++] = '\n';
        return end;
    }
}
