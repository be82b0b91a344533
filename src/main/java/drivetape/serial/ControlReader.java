package drivetape.serial;

import drivetape.handoff.SpscRing;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The serial source: owns thread {@code drivetape-serial}, which reads the controller's link, stamps each
 * line with the moment its bytes arrived, parses it straight into a slot of the hand-off ring and publishes
 * the samples, events, hello and info lines. Bad lines are counted, never handed on.
 *
 * <p>The hot path allocates nothing: one read buffer, one line buffer, ring slots filled in place.
 * Control records are never dropped: when the ring is full the reader waits for the consumer. If the link
 * dies (device unplugged, pty closed) the thread ends and {@link #failure()} says why.
 */
public final class ControlReader implements AutoCloseable {
    static final String THREAD_NAME = "drivetape-serial";
    private static final int READ_BUFFER_BYTES = 4096;
    private static final long RING_FULL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long JOIN_MILLIS = 2_000;

    private final SerialLink link;
    private final SpscRing<ControlRecord> ring;
    private final ReaderCounters counters = new ReaderCounters();
    private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
    private final LineAssembler assembler = new LineAssembler(true);
    private final LineParser parser = new LineParser();
    private final ClockSegmentTracker tracker = new ClockSegmentTracker();
    private final LineHandler lineHandler = new Lines();

    private static final int WARM_UP_LINES = 30_000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private volatile boolean running;
    private volatile Throwable failure;
    private volatile Thread thread;
    private boolean linkClosed;
    /** Bench instrumentation, or null: set before the thread starts, then only read by it. */
    private LongConsumer publishLatencyProbe;

    // Reader-thread state.
    private long chunkNanoTime;
    private boolean validRecordSeen;
    // Reader-thread state for telling lost records from garbled ones (see track()).
    private long badSinceLastRecord;
    private long lostRecords;
    /** Channels of the last hello, or 0 before any hello: then samples of any width are taken. */
    private int helloChannels;

    /** The reader becomes the ring's only producer; it closes the link in {@link #close()}. */
    public ControlReader(SerialLink link, SpscRing<ControlRecord> ring) {
        this.link = link;
        this.ring = ring;
    }

    /** Starts the reader thread. */
    public synchronized void start() {
        if (thread != null || linkClosed) {
            throw new IllegalStateException(thread != null ? "already started" : "already closed");
        }
        running = true;
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops the thread, waits for it and closes the link. A record still waiting for room in a full ring is
     * abandoned: the consumer has stopped taking them.
     */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            // A read returns within its short timeout, so the thread normally ends on its own; closing the
            // link first would pull the port away under a read in progress.
            joinQuietly(thread);
            if (thread.isAlive()) {
                closeLink();
                joinQuietly(thread);
            }
        }
        closeLink();
    }

    /**
     * Hands the probe, for every record published, the nanoseconds from the read that returned its bytes
     * to its publication (benchmarks). Called on the reader thread: the probe must not block or allocate.
     * Set it before {@link #start()}.
     */
    public synchronized void measurePublishLatency(LongConsumer probe) {
        if (thread != null) {
            throw new IllegalStateException("set the probe before start()");
        }
        publishLatencyProbe = probe;
    }

    /**
     * Runs the reading path (assemble, parse, unwrap, publish) over synthetic lines until the JIT has
     * compiled it. At 50 lines a second a real controller would leave this code interpreted for minutes,
     * costing tens of microseconds per line; call this once before recording (it takes a fraction of a
     * second).
     */
    public static void warmUp() {
        // Built with little garbage: the warm-up must not leave the heap grown for the whole recording.
        StringBuilder script = new StringBuilder(WARM_UP_LINES * 32);
        script.append("#hello proto=1 fw=warm channels=a,b rate_hz=50\n");
        StringBuilder body = new StringBuilder(32);
        for (int seq = 1; seq <= WARM_UP_LINES; seq++) {
            body.setLength(0);
            body.append(seq).append(',').append(seq * 20_000L).append(',').append(1000 + seq % 1000).append(',')
                    .append(2000 - seq % 1000);
            int checksum = Checksum.xor(body);
            script.append('$').append(body).append('*').append(HEX[checksum >> 4]).append(HEX[checksum & 15])
                    .append('\n');
        }
        byte[] bytes = script.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SpscRing<ControlRecord> ring = new SpscRing<>(1024, ControlRecord::new, new drivetape.handoff.Wakeup());
        ControlReader reader = new ControlReader(new ReplayLink(bytes, 48), ring);
        reader.start();
        while (reader.isRunning() || ring.peek() != null) {
            if (ring.peek() != null) {
                ring.release();
            } else {
                Thread.onSpinWait();
            }
        }
        reader.close();
    }

    public ReaderCounters counters() {
        return counters;
    }

    /** Why the thread ended early (the link died or broke), or null while it runs or after a normal close. */
    public Throwable failure() {
        return failure;
    }

    /** Whether the reader thread is still reading. */
    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        try {
            while (running) {
                int n = link.read(readBuffer, 0, readBuffer.length);
                long now = System.nanoTime();
                if (n < 0) {
                    if (running) {
                        failure = new SerialException("the controller on " + link.describe()
                                + " went away (unplugged, or the other side closed): reconnect it and start again");
                    }
                    return;
                }
                if (n > 0) {
                    counters.addBytesRead(n);
                    chunkNanoTime = now;
                    assembler.accept(readBuffer, 0, n, lineHandler);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void onLine(byte[] buf, int off, int len) {
        ControlRecord slot = claimSlot();
        if (slot == null) {
            return;
        }
        RecordKind kind = parser.parse(buf, off, len, slot);
        if (kind == RecordKind.EMPTY) {
            return;
        }
        counters.countLine();
        switch (kind) {
            case SAMPLE:
                if (helloChannels > 0 && slot.valueCount != helloChannels) {
                    countBadLine();
                } else if (track(slot)) {
                    counters.countSample();
                    publish(slot);
                }
                break;
            case EVENT:
                if (track(slot)) {
                    counters.countEvent();
                    publish(slot);
                }
                break;
            case HELLO:
                onHello(slot);
                break;
            case INFO:
                slot.segment = tracker.segment();
                publish(slot);
                break;
            default:
                countBadLine();
                break;
        }
    }

    /** Unwraps seq and t_us into the slot; false (and a bad line counted) for a repeated record. */
    private boolean track(ControlRecord slot) {
        ClockSegmentTracker.Step step = tracker.accept(slot.seq, slot.deviceUs);
        if (step == ClockSegmentTracker.Step.DUPLICATE) {
            countBadLine();
            // A repeat is not one of the records missing from a gap.
            badSinceLastRecord = Math.max(0, badSinceLastRecord - 1);
            return false;
        }
        if (step == ClockSegmentTracker.Step.NEXT) {
            long missing = tracker.lostInStep();
            if (missing > 0) {
                // Records that arrived garbled are in the gap too, but they did arrive: they are counted
                // as bad lines. Lost means never arrived at all.
                lostRecords += Math.max(0, missing - badSinceLastRecord);
                counters.setLostRecords(lostRecords);
            }
        } else if (step == ClockSegmentTracker.Step.RESET) {
            counters.setResets(tracker.resets());
        }
        badSinceLastRecord = 0;
        slot.seq = tracker.seq();
        slot.deviceUs = tracker.deviceUs();
        slot.segment = tracker.segment();
        return true;
    }

    private void onHello(ControlRecord slot) {
        // Once per boot: allocating here is fine.
        Hello hello = Hello.parse(slot.nameText());
        if (hello == null) {
            countBadLine();
            return;
        }
        if (tracker.onHello()) {
            counters.setResets(tracker.resets());
        }
        helloChannels = hello.channels().size();
        counters.setHello(hello);
        slot.segment = tracker.segment();
        publish(slot);
    }

    private void onOverlong() {
        counters.countLine();
        countBadLine();
    }

    private void countBadLine() {
        if (validRecordSeen) {
            badSinceLastRecord++;
            counters.countBadLine();
        } else {
            counters.countNoiseLine();
        }
    }

    private void publish(ControlRecord slot) {
        slot.receiveNanoTime = chunkNanoTime;
        validRecordSeen = true;
        ring.publish();
        if (publishLatencyProbe != null) {
            publishLatencyProbe.accept(System.nanoTime() - chunkNanoTime);
        }
    }

    /** The ring's next free slot, waiting while the ring is full; null when asked to stop meanwhile. */
    private ControlRecord claimSlot() {
        ControlRecord slot = ring.claim();
        if (slot != null) {
            return slot;
        }
        counters.countRingFullWait();
        while (running) {
            LockSupport.parkNanos(this, RING_FULL_PARK_NANOS);
            slot = ring.claim();
            if (slot != null) {
                return slot;
            }
        }
        return null;
    }

    private void closeLink() {
        if (!linkClosed) {
            linkClosed = true;
            link.close();
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The assembler's callback, kept off the public API. */
    private final class Lines implements LineHandler {
        @Override
        public void onLine(byte[] buf, int off, int len) {
            ControlReader.this.onLine(buf, off, len);
        }

        @Override
        public void onOverlong() {
            ControlReader.this.onOverlong();
        }
    }
}
