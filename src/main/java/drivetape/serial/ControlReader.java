package drivetape.serial;

import drivetape.handoff.SpscRing;
import drivetape.runner.Agent;
import drivetape.runner.Reopen;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The serial source, run as the agent of thread {@code drivetape-serial}: reads the controller's link,
 * stamps each line with the moment its bytes arrived, parses it straight into a slot of the hand-off ring and
 * publishes the samples, events, hello and info lines. Bad lines are counted, never handed on.
 *
 * <p>The hot path allocates nothing: one read buffer, one line buffer, ring slots filled in place.
 * Control records are never dropped: when the ring is full the reader waits for the consumer.
 *
 * <p>A link that goes away (cable out, pty closed) is not the end: a {@link RecordKind#LINK_DOWN} marker
 * goes into the ring, the reader tries to reopen the port every half second, and once it is back a
 * {@link RecordKind#LINK_UP} marker follows and a new clock segment starts (opening an Uno's port resets it).
 */
public final class ControlReader implements Agent {
    public static final String THREAD_NAME = "drivetape-serial";
    private static final int READ_BUFFER_BYTES = 4096;
    private static final long RING_FULL_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final LinkOpener opener;
    private final SpscRing<ControlRecord> ring;
    private final ReaderCounters counters = new ReaderCounters();
    private final byte[] readBuffer = new byte[READ_BUFFER_BYTES];
    private final LineAssembler assembler = new LineAssembler(true);
    private final LineParser parser = new LineParser();
    private final ClockSegmentTracker tracker = new ClockSegmentTracker();
    private final LineHandler lineHandler = new Lines();

    private static final int WARM_UP_LINES = 30_000;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private volatile boolean running = true;
    /** The open link, or null while the port is gone; written by the reader thread only. */
    private volatile SerialLink link;
    private volatile String lastProblem;
    /** The hello the board sent on the open link, or null before it (written by the reader thread only). */
    private volatile Hello linkHello;
    private final Reopen reopen = new Reopen();

    // Reader-thread state.
    private long chunkNanoTime;
    private boolean validRecordSeen;
    // Reader-thread state for telling lost records from garbled ones (see track()).
    private long badSinceLastRecord;
    private long lostRecords;
    /** Channels of the last hello, or 0 before any hello: then samples of any width are taken. */
    private int helloChannels;

    /** The reader becomes the ring's only producer; it owns the link it opens and closes it on close. */
    public ControlReader(LinkOpener opener, SpscRing<ControlRecord> ring) {
        this.opener = opener;
        this.ring = ring;
    }

    /** For a link already open (the reader then owns it). */
    public ControlReader(SerialLink link, SpscRing<ControlRecord> ring) {
        this(LinkOpener.once(link), ring);
    }

    @Override
    public String name() {
        return THREAD_NAME;
    }

    /** Opens the link on the caller's thread, so a bad port is reported before anything starts. */
    public void open() throws SerialException {
        link = opener.open();
    }

    /** The link being read, or null while it is gone. */
    public SerialLink link() {
        return link;
    }

    /**
     * The hello the board sent since its link was (re)opened, or null: a reopened board has just reset, and
     * until it says hello again it may be in its bootloader.
     */
    public Hello linkHello() {
        return linkHello;
    }

    /** Whether the port is open right now. */
    public boolean connected() {
        return link != null;
    }

    /** Why the link was last lost or could not be reopened, or null. */
    public String lastProblem() {
        return lastProblem;
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
        try {
            reader.open();
            while (reader.connected()) {
                reader.doWork();
                while (ring.peek() != null) {
                    ring.release();
                }
            }
        } catch (Exception e) {
            // Only a warm-up: a real problem shows when recording.
        } finally {
            reader.onClose();
        }
    }

    public ReaderCounters counters() {
        return counters;
    }

    @Override
    public void onStopRequested() {
        running = false;
    }

    /** Closes the link (on the reader's thread as it ends, or by the owner when it never started). */
    @Override
    public void onClose() {
        SerialLink current = link;
        link = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public int doWork() throws IOException {
        SerialLink current = link;
        if (current == null) {
            return reopen();
        }
        int n;
        try {
            n = current.read(readBuffer, 0, readBuffer.length);
        } catch (IOException | RuntimeException e) {
            n = -1;
            lastProblem = String.valueOf(e.getMessage());
        }
        long now = System.nanoTime();
        if (n < 0) {
            if (running) {
                lost(current, now);
            }
            return 1;
        }
        if (n > 0) {
            counters.addBytesRead(n);
            chunkNanoTime = now;
            assembler.accept(readBuffer, 0, n, lineHandler);
        }
        return n;
    }

    private void lost(SerialLink gone, long now) {
        if (lastProblem == null) {
            lastProblem = "the controller on " + gone.describe() + " went away (unplugged, or the other side closed)";
        }
        link = null;
        gone.close();
        assembler.reset();
        counters.countOutage();
        publishMarker(RecordKind.LINK_DOWN, now);
        reopen.after(now);
    }

    private int reopen() {
        if (!reopen.due()) {
            return 0;
        }
        try {
            SerialLink back = opener.open();
            // A reopened Uno port resets the board: what follows shares no clock with what came before.
            tracker.forceNewSegment();
            counters.setResets(tracker.resets());
            helloChannels = 0;
            validRecordSeen = false;
            lastProblem = null;
            linkHello = null; // before the link is seen: whoever sees the new link sees no hello yet
            link = back;
            publishMarker(RecordKind.LINK_UP, System.nanoTime());
            return 1;
        } catch (SerialException e) {
            // Not there yet (looked for again in half a second): the reason it went away stays the one to tell.
            return 0;
        }
    }

    private void publishMarker(RecordKind kind, long nanoTime) {
        ControlRecord slot = claimSlot();
        if (slot == null) {
            return;
        }
        slot.kind = kind;
        slot.segment = tracker.segment();
        slot.valueCount = 0;
        slot.nameLength = 0;
        slot.valueLength = -1;
        slot.lineBytes = 0;
        slot.receiveNanoTime = nanoTime;
        ring.publish();
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
        slot.lineBytes = len + 1;
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
        linkHello = hello;
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
