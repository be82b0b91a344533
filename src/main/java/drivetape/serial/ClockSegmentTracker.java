package drivetape.serial;

/**
 * Unwraps the protocol's 32-bit {@code seq} and {@code t_us} into 64-bit counts, counts lost records, and
 * notices when the board has reset.
 *
 * <p>A board reset restarts both counters, so the records after it share no time base with those before:
 * they start a new clock <em>segment</em> (numbered 0, 1, 2, ...), the clock fit starts afresh, and no loss
 * is counted across the break. A reset shows as a hello line after records were seen, or as {@code seq} or
 * {@code t_us} going backwards. Going "forward" means by less than half the 32-bit range, which is how a
 * wrap from 4294967295 to 0 is told from a restart.
 *
 * <p>Single-threaded, allocation-free.
 */
public final class ClockSegmentTracker {
    private static final long MASK_32 = 0xFFFF_FFFFL;
    private static final long HALF_RANGE = 1L << 31;

    /** What {@link #accept} made of a record. */
    public enum Step {
        /** The first record of a segment (the first ever, or the first after a hello). */
        FIRST,
        /** The next record of the current segment; {@link #lostInStep()} records were missing before it. */
        NEXT,
        /** The same seq as the previous record: a repeat, to be dropped (the state is unchanged). */
        DUPLICATE,
        /** seq or t_us went backwards: the board reset; this record starts the new segment. */
        RESET
    }

    private int segment;
    private boolean recordsInSegment;
    private long lastRawSeq;
    private long lastRawUs;
    private long seq;
    private long deviceUs;
    private long lostInStep;
    private long lostRecords;
    private long resets;

    /**
     * Takes the raw values of the next sample or event.
     *
     * @param rawSeq {@code seq} as received, 0..4294967295
     * @param rawUs {@code t_us} as received, 0..4294967295
     */
    public Step accept(long rawSeq, long rawUs) {
        lostInStep = 0;
        if (!recordsInSegment) {
            startSegment(rawSeq, rawUs);
            return Step.FIRST;
        }
        long seqDelta = (rawSeq - lastRawSeq) & MASK_32;
        if (seqDelta == 0) {
            return Step.DUPLICATE;
        }
        long usDelta = (rawUs - lastRawUs) & MASK_32;
        if (seqDelta >= HALF_RANGE || usDelta >= HALF_RANGE) {
            segment++;
            resets++;
            startSegment(rawSeq, rawUs);
            return Step.RESET;
        }
        lostInStep = seqDelta - 1;
        lostRecords += lostInStep;
        seq += seqDelta;
        deviceUs += usDelta;
        lastRawSeq = rawSeq;
        lastRawUs = rawUs;
        return Step.NEXT;
    }

    /**
     * Takes a hello line. The firmware sends it once after boot, so after records it means the board reset:
     * a new segment starts now, and the hello belongs to it.
     *
     * @return whether this started a new segment
     */
    public boolean onHello() {
        if (!recordsInSegment) {
            return false;
        }
        segment++;
        resets++;
        recordsInSegment = false;
        return true;
    }

    /**
     * The link was reopened: whatever comes next starts a new segment (a reopened port resets an Uno; a
     * board that kept running across a pulled cable is still best fitted afresh after the gap).
     */
    public void forceNewSegment() {
        if (recordsInSegment) {
            segment++;
            resets++;
            recordsInSegment = false;
        }
    }

    private void startSegment(long rawSeq, long rawUs) {
        recordsInSegment = true;
        lastRawSeq = rawSeq;
        lastRawUs = rawUs;
        seq = rawSeq;
        deviceUs = rawUs;
    }

    /** The last accepted record's seq, unwrapped within its segment. */
    public long seq() {
        return seq;
    }

    /** The last accepted record's t_us, unwrapped within its segment. */
    public long deviceUs() {
        return deviceUs;
    }

    /** The current segment: 0 for the first boot seen. */
    public int segment() {
        return segment;
    }

    /** Records missing just before the last accepted one (0 unless its step was NEXT with a gap). */
    public long lostInStep() {
        return lostInStep;
    }

    /** Records missing in all segments so far. */
    public long lostRecords() {
        return lostRecords;
    }

    /** Board resets seen (hello after records, or counters going backwards). */
    public long resets() {
        return resets;
    }
}
