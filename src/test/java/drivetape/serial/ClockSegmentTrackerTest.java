package drivetape.serial;

import static drivetape.serial.ClockSegmentTracker.Step.DUPLICATE;
import static drivetape.serial.ClockSegmentTracker.Step.FIRST;
import static drivetape.serial.ClockSegmentTracker.Step.NEXT;
import static drivetape.serial.ClockSegmentTracker.Step.RESET;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClockSegmentTrackerTest {
    private static final long MAX = 4294967295L;
    private final ClockSegmentTracker tracker = new ClockSegmentTracker();

    @Test
    void firstRecordStartsFromItsRawValues() {
        assertThat(tracker.accept(17, 1_000_000)).isEqualTo(FIRST);
        assertThat(tracker.seq()).isEqualTo(17);
        assertThat(tracker.deviceUs()).isEqualTo(1_000_000);
        assertThat(tracker.segment()).isZero();
        assertThat(tracker.lostRecords()).isZero();
    }

    @Test
    void gapsInSeqAreCountedAsLost() {
        tracker.accept(1, 100);
        assertThat(tracker.accept(2, 120)).isEqualTo(NEXT);
        assertThat(tracker.lostInStep()).isZero();
        assertThat(tracker.accept(5, 180)).isEqualTo(NEXT);
        assertThat(tracker.lostInStep()).isEqualTo(2);
        assertThat(tracker.accept(6, 200)).isEqualTo(NEXT);
        assertThat(tracker.lostInStep()).isZero();
        assertThat(tracker.accept(106, 2200)).isEqualTo(NEXT);
        assertThat(tracker.lostRecords()).isEqualTo(101);
        assertThat(tracker.seq()).isEqualTo(106);
        assertThat(tracker.deviceUs()).isEqualTo(2200);
    }

    @Test
    void seqWrapsFrom4294967295To0() {
        tracker.accept(MAX - 1, 10);
        assertThat(tracker.accept(MAX, 20)).isEqualTo(NEXT);
        assertThat(tracker.accept(0, 30)).isEqualTo(NEXT);
        assertThat(tracker.seq()).isEqualTo(MAX + 1);
        assertThat(tracker.accept(2, 40)).isEqualTo(NEXT);
        assertThat(tracker.seq()).isEqualTo(MAX + 3);
        assertThat(tracker.lostRecords()).isEqualTo(1);
        assertThat(tracker.segment()).isZero();
    }

    @Test
    void timeWrapsForwardPast2To32() {
        long t0 = MAX - 15_000;
        tracker.accept(1, t0);
        assertThat(tracker.accept(2, t0 + 10_000)).isEqualTo(NEXT);
        assertThat(tracker.accept(3, 4_999)).isEqualTo(NEXT);
        assertThat(tracker.deviceUs()).isEqualTo(t0 + 20_000);
        assertThat(tracker.accept(4, 24_999)).isEqualTo(NEXT);
        assertThat(tracker.deviceUs()).isEqualTo(t0 + 40_000);
        assertThat(tracker.segment()).isZero();
        assertThat(tracker.resets()).isZero();

        // Many wraps: 200 hours of 20 ms samples, unwrapped without drift.
        long raw = 24_999;
        long unwrapped = t0 + 40_000;
        for (long seq = 5; seq < 5 + 36_000_000L; seq += 1000) {
            raw = (raw + 20_000_000L) & MAX;
            unwrapped += 20_000_000L;
            tracker.accept(seq & MAX, raw);
        }
        assertThat(tracker.deviceUs()).isEqualTo(unwrapped);
        assertThat(tracker.lostRecords()).isEqualTo(999L * (36_000 - 1)); // seq 4 -> 5 loses nothing, then 999 per step
    }

    @Test
    void equalTimesAreAllowed() {
        tracker.accept(1, 500);
        assertThat(tracker.accept(2, 500)).isEqualTo(NEXT);
        assertThat(tracker.deviceUs()).isEqualTo(500);
    }

    @Test
    void duplicateSeqIsReportedAndChangesNothing() {
        tracker.accept(1, 100);
        tracker.accept(2, 120);
        assertThat(tracker.accept(2, 120)).isEqualTo(DUPLICATE);
        assertThat(tracker.accept(2, 999)).isEqualTo(DUPLICATE);
        assertThat(tracker.accept(3, 140)).isEqualTo(NEXT);
        assertThat(tracker.lostRecords()).isZero();
        assertThat(tracker.seq()).isEqualTo(3);
        assertThat(tracker.deviceUs()).isEqualTo(140);
    }

    @Test
    void seqGoingBackwardsIsAReset() {
        tracker.accept(500, 10_000_000);
        tracker.accept(501, 10_020_000);
        assertThat(tracker.accept(1, 10_040_000)).isEqualTo(RESET);
        assertThat(tracker.segment()).isEqualTo(1);
        assertThat(tracker.resets()).isEqualTo(1);
        assertThat(tracker.seq()).isEqualTo(1);
        assertThat(tracker.deviceUs()).isEqualTo(10_040_000);
        assertThat(tracker.lostRecords()).isZero();
        assertThat(tracker.accept(3, 10_080_000)).isEqualTo(NEXT);
        assertThat(tracker.lostRecords()).isEqualTo(1);
    }

    @Test
    void timeGoingBackwardsIsAResetEvenWhenSeqMovesOn() {
        tracker.accept(5, 90_000_000);
        assertThat(tracker.accept(6, 1_500_000)).isEqualTo(RESET);
        assertThat(tracker.segment()).isEqualTo(1);
        assertThat(tracker.seq()).isEqualTo(6);
        assertThat(tracker.deviceUs()).isEqualTo(1_500_000);
        assertThat(tracker.lostRecords()).isZero();
    }

    @Test
    void helloAfterRecordsStartsANewSegment() {
        assertThat(tracker.onHello()).isFalse();
        tracker.accept(1, 1_000);
        tracker.accept(2, 2_000);
        assertThat(tracker.onHello()).isTrue();
        assertThat(tracker.segment()).isEqualTo(1);
        assertThat(tracker.onHello()).as("no records since the last hello").isFalse();
        // The new boot's numbers are taken as they come, even when they look like a jump forward.
        assertThat(tracker.accept(90, 95_000)).isEqualTo(FIRST);
        assertThat(tracker.seq()).isEqualTo(90);
        assertThat(tracker.deviceUs()).isEqualTo(95_000);
        assertThat(tracker.lostRecords()).isZero();
        assertThat(tracker.resets()).isEqualTo(1);
        assertThat(tracker.segment()).isEqualTo(1);
    }

    @Test
    void jumpOfHalfTheRangeOrMoreIsAReset() {
        tracker.accept(10, 1_000);
        assertThat(tracker.accept(10 + (1L << 31) - 1, 2_000)).isEqualTo(NEXT);
        tracker.accept(1, 3_000);
        assertThat(tracker.resets()).isZero();
        ClockSegmentTracker other = new ClockSegmentTracker();
        other.accept(10, 1_000);
        assertThat(other.accept(10 + (1L << 31), 2_000)).isEqualTo(RESET);
    }
}
