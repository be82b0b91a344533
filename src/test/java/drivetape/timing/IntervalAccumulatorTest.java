package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntervalAccumulatorTest {
    /** HdrHistogram with 2 significant digits: a bin is at most 1/128 of its values wide. */
    private static final double BIN_WIDTH = 1.0 / 128;

    private static Map<String, TimeStreams> streams() {
        TimeStreams regular = new TimeStreams();
        TimeStreams jittered = new TimeStreams();
        jittered.controlJitterMs = 0.4;
        jittered.frameJitterMs = 3;
        TimeStreams gap = new TimeStreams();
        gap.controlGapAtS = 4;
        gap.controlGapS = 0.8;
        TimeStreams steppingBack = new TimeStreams();
        steppingBack.stepBackFraction = 0.01;
        TimeStreams reset = new TimeStreams();
        reset.resetAtS = 5;
        reset.controlJitterMs = 0.2;
        return Map.of("regular", regular.generate(), "jittered", jittered.generate(), "gap", gap.generate(),
                "stepping back", steppingBack.generate(), "reset", reset.generate());
    }

    @Test
    void givesTheExactFiguresAndPercentilesWithinTheBinWidth() {
        streams().forEach((name, s) -> {
            for (long[] times : new long[][] {s.controls(), s.frames()}) {
                IntervalAccumulator streaming = new IntervalAccumulator();
                for (long t : times) {
                    streaming.add(t);
                }
                assertMatches(name, streaming.stats(), IntervalStats.of(times));
            }
        });
    }

    static void assertMatches(String name, IntervalStats streaming, IntervalStats exact) {
        assertThat(streaming.intervals()).as(name + " intervals").isEqualTo(exact.intervals());
        assertThat(streaming.meanMs()).as(name + " mean").isEqualTo(exact.meanMs());
        assertThat(streaming.jitterMs()).as(name + " jitter").isEqualTo(exact.jitterMs());
        assertThat(streaming.maxMs()).as(name + " max").isEqualTo(exact.maxMs());
        assertThat(streaming.rateHz()).as(name + " rate").isEqualTo(exact.rateHz());
        // The percentile is the top of the exact value's bin, and never above the max.
        double[][] pairs = {{streaming.p50Ms(), exact.p50Ms()}, {streaming.p95Ms(), exact.p95Ms()},
                {streaming.p99Ms(), exact.p99Ms()}};
        for (double[] p : pairs) {
            assertThat(p[0]).as(name + " percentile").isBetween(p[1],
                    Math.min(exact.maxMs(), p[1] * (1 + BIN_WIDTH) + 1e-9));
        }
    }

    @Test
    void theStepBackOfAClockEstimateIsExactInMeanJitterAndMax() {
        long[] times = {0, 10_000_000, 20_000_000, 17_000_000, 30_000_000, 40_000_000};
        IntervalAccumulator streaming = new IntervalAccumulator();
        for (long t : times) {
            streaming.add(t);
        }
        IntervalStats s = streaming.stats();
        assertMatches("step back", s, IntervalStats.of(times));
        assertThat(s.meanMs()).isEqualTo(8.0);
        // Intervals 10, 10, -3, 13, 10: the -3 is 11 from the mean.
        assertThat(s.jitterMs()).isEqualTo(11.0);
        assertThat(s.maxMs()).isEqualTo(13.0);
    }

    @Test
    void noIntervalsBeforeTheSecondTime() {
        IntervalAccumulator streaming = new IntervalAccumulator();
        assertThat(streaming.stats()).isEqualTo(IntervalStats.of(new long[0])).isEqualTo(IntervalStats.NONE);
        streaming.add(5_000_000);
        assertThat(streaming.times()).isEqualTo(1);
        assertThat(streaming.stats()).isEqualTo(IntervalStats.of(new long[] {5_000_000})).isEqualTo(IntervalStats.NONE);
        streaming.add(25_000_000);
        IntervalStats one = streaming.stats();
        assertThat(one).isEqualTo(new IntervalStats(1, 20.0, 0.0, 20.0, 20.0, 20.0, 20.0));
        assertThat(one.rateHz()).isEqualTo(50.0);
    }

    @Test
    void clearStartsAfresh() {
        IntervalAccumulator streaming = new IntervalAccumulator();
        for (long t = 0; t < 1_000; t++) {
            streaming.add(t * 7_000_000);
        }
        streaming.clear();
        assertThat(streaming.stats()).isEqualTo(IntervalStats.NONE);
        streaming.add(100);
        streaming.add(1_000_100);
        assertThat(streaming.stats()).isEqualTo(new IntervalStats(1, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0));
    }

    @Test
    void holdsTheSameMemoryAndAllocatesNothingHoweverManyTimesAreAdded() {
        IntervalAccumulator streaming = new IntervalAccumulator();
        int before = streaming.footprintBytes();
        long[] times = new long[1_000_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 1_000_000L + (i * 7919L) % 300_000;
        }
        for (long t : times) {
            streaming.add(t); // warm up: the JIT compiles the add
        }
        long allocated = Allocations.bytesAllocatedBy(() -> {
            for (long t : times) {
                streaming.add(t);
            }
        });
        assertThat(allocated).as("bytes allocated by 1M adds").isLessThan(1_000);
        assertThat(streaming.footprintBytes()).isEqualTo(before).isLessThan(100_000);
        assertThat(streaming.times()).isEqualTo(2L * times.length);
    }
}
