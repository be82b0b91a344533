package drivetape.timing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncAccumulatorTest {

    /** Streams on which the accumulator must give exactly the exact figures, at every moment. */
    private static Map<String, TimeStreams> exactCases() {
        Map<String, TimeStreams> cases = new LinkedHashMap<>();
        cases.put("regular", new TimeStreams());
        TimeStreams jittered = new TimeStreams();
        jittered.controlJitterMs = 0.4;
        jittered.frameJitterMs = 4;
        cases.put("jittered", jittered);
        TimeStreams steppingBack = new TimeStreams();
        steppingBack.stepBackFraction = 0.02;
        steppingBack.frameJitterMs = 2;
        cases.put("control estimate stepping back by up to 3 ms", steppingBack);
        TimeStreams gap = new TimeStreams();
        gap.controlGapAtS = 3;
        gap.controlGapS = 0.8;
        cases.put("0.8 s without controls", gap);
        TimeStreams reset = new TimeStreams();
        reset.resetAtS = 5;
        reset.controlJitterMs = 0.2;
        cases.put("board reset", reset);
        TimeStreams cameraFirst = new TimeStreams();
        cameraFirst.frameStartS = -1;
        cases.put("camera a second before the controller", cameraFirst);
        TimeStreams fastFrames = new TimeStreams();
        fastFrames.frameDelayMinMs = 0;
        fastFrames.frameDelayMaxMs = 2;
        fastFrames.controlDelayMinMs = 5;
        fastFrames.controlDelayMaxMs = 40;
        fastFrames.controlHz = 100;
        fastFrames.frameHz = 30;
        fastFrames.stepBackFraction = 0.05;
        fastFrames.stepBackMs = 8;
        cases.put("frames before their controls, which step back by up to 8 ms", fastFrames);
        return cases;
    }

    @Test
    void equalsTheExactFiguresOfWhatCameSoFarAtEveryMoment() {
        exactCases().forEach((name, streams) -> {
            streams.generate();
            SyncAccumulator sync = new SyncAccumulator();
            int n = streams.timesNs.length;
            int fed = 0;
            for (int upTo = 1; upTo <= n; upTo = upTo == n ? n + 1 : Math.min(n, upTo + 997)) {
                streams.feed(sync, fed, upTo);
                fed = upTo;
                long[] controls = streams.controls(upTo);
                long[] frames = streams.frames(upTo);
                SyncQuality exact = SyncQuality.of(controls, frames);
                String at = name + " after " + upTo + " times";
                assertThat(sync.quality()).as(at).isEqualTo(exact);
                assertThat(sync.maxOffsetExact()).as(at).isTrue();
                IntervalAccumulatorTest.assertMatches(at, sync.controlIntervals(), IntervalStats.of(controls));
                IntervalAccumulatorTest.assertMatches(at, sync.frameIntervals(), IntervalStats.of(frames));
            }
            assertThat(sync.offsets().pendingFrames()).as(name).isLessThan(SyncAccumulator.DEFAULT_PENDING_FRAMES);
        });
    }

    @Test
    void theLiveOffsetInAControlGapIsTheGapSoFarThenHalfTheGap() {
        SyncAccumulator sync = new SyncAccumulator();
        sync.addControl(0);
        for (long f = 0; f <= 400; f += 10) {
            sync.addFrame(f * 1_000_000);
        }
        assertThat(sync.quality().maxOffsetMs()).isEqualTo(400.0);
        sync.addControl(500_000_000);
        assertThat(sync.quality().maxOffsetMs()).isEqualTo(250.0);
        assertThat(sync.maxOffsetExact()).isTrue();
    }

    @Test
    void aControlThatStepsBackWithinTheToleranceStillCounts() {
        SyncAccumulator sync = new SyncAccumulator();
        sync.addControl(0);
        sync.addControl(20_000_000);
        sync.addFrame(8_000_000); // 8 ms from the control at 0 so far
        sync.addControl(9_000_000); // the estimate steps back 11 ms: now 1 ms
        sync.addControl(30_000_000);
        sync.addControl(40_000_000);
        assertThat(sync.quality().maxOffsetMs()).isEqualTo(1.0);
        assertThat(sync.maxOffsetExact()).isTrue();
        assertThat(sync.offsets().pendingFrames()).isZero();
    }

    @Test
    void nothingToPairIsAWarningWithZeroOffset() {
        SyncAccumulator sync = new SyncAccumulator();
        assertThat(sync.quality()).isEqualTo(SyncQuality.of(new long[0], new long[0]));
        assertThat(sync.quality().status()).isEqualTo("WARNING");
        sync.addFrame(33_000_000);
        sync.addFrame(66_000_000);
        assertThat(sync.quality()).isEqualTo(SyncQuality.of(new long[0], new long[] {33_000_000, 66_000_000}));
        assertThat(sync.quality().maxOffsetMs()).isZero();

        SyncAccumulator controlsOnly = new SyncAccumulator();
        controlsOnly.addControl(10_000_000);
        assertThat(controlsOnly.quality()).isEqualTo(SyncQuality.of(new long[] {10_000_000}, new long[0]));

        SyncAccumulator one = new SyncAccumulator();
        one.addFrame(13_000_000);
        one.addControl(10_000_000);
        SyncQuality q = one.quality();
        assertThat(q).isEqualTo(SyncQuality.of(new long[] {10_000_000}, new long[] {13_000_000}));
        assertThat(q.maxOffsetMs()).isEqualTo(3.0);
        assertThat(q.status()).isEqualTo("GOOD");
    }

    @Test
    void aControlFarEarlierThanTheLatestIsFlaggedAndTheOffsetOnlyOverstated() {
        TimeStreams streams = new TimeStreams();
        streams.seconds = 2;
        streams.generate();
        SyncAccumulator sync = new SyncAccumulator();
        streams.feed(sync, 0, streams.timesNs.length);
        long[] controls = streams.controls();
        long late = controls[controls.length - 1] - 30_000_000;
        sync.addControl(late + 500_000); // 0.5 ms off a control already seen: no frame gets nearer
        assertThat(sync.maxOffsetExact()).isFalse();
        long[] withLate = java.util.Arrays.copyOf(controls, controls.length + 1);
        withLate[controls.length] = late + 500_000;
        assertThat(sync.quality().maxOffsetMs()).isEqualTo(SyncQuality.maxOffsetMs(withLate, streams.frames()));
    }

    @Test
    void framesBehindAFullWindowAreFlaggedAndOnlyOverstated() {
        TimeStreams streams = new TimeStreams();
        streams.seconds = 3;
        streams.frameDelayMinMs = 100;
        streams.frameDelayMaxMs = 150;
        streams.generate();
        SyncAccumulator sync = new SyncAccumulator(32, SyncAccumulator.DEFAULT_PENDING_FRAMES,
                SyncAccumulator.DEFAULT_DISORDER_NS);
        streams.feed(sync, 0, streams.timesNs.length);
        assertThat(sync.maxOffsetExact()).isFalse();
        assertThat(sync.quality().maxOffsetMs())
                .isGreaterThanOrEqualTo(SyncQuality.maxOffsetMs(streams.controls(), streams.frames()));
    }

    @Test
    void aControlGapLongerThanThePendingFramesIsFlaggedAndOnlyOverstated() {
        TimeStreams streams = new TimeStreams();
        streams.seconds = 4;
        streams.controlGapAtS = 1;
        streams.controlGapS = 1;
        streams.generate();
        SyncAccumulator sync = new SyncAccumulator(SyncAccumulator.DEFAULT_CONTROL_WINDOW, 16,
                SyncAccumulator.DEFAULT_DISORDER_NS);
        streams.feed(sync, 0, streams.timesNs.length);
        SyncQuality exact = SyncQuality.of(streams.controls(), streams.frames());
        assertThat(sync.maxOffsetExact()).isFalse();
        assertThat(sync.offsets().pendingFrames()).isLessThanOrEqualTo(16);
        assertThat(sync.quality().maxOffsetMs()).isGreaterThanOrEqualTo(exact.maxOffsetMs());
        assertThat(sync.quality().status()).isEqualTo(exact.status()).isEqualTo("WARNING");
    }

    @Test
    void manyFramesBeforeAnyControlKeepTheEarliest() {
        TimeStreams streams = new TimeStreams();
        streams.seconds = 3;
        streams.frameStartS = -2;
        streams.generate();
        SyncAccumulator sync = new SyncAccumulator(SyncAccumulator.DEFAULT_CONTROL_WINDOW, 16,
                SyncAccumulator.DEFAULT_DISORDER_NS);
        streams.feed(sync, 0, streams.timesNs.length);
        assertThat(sync.maxOffsetExact()).isFalse();
        // The controls come after all those frames, so the earliest frame is the farthest: still exact.
        assertThat(sync.quality()).isEqualTo(SyncQuality.of(streams.controls(), streams.frames()));
        assertThat(sync.quality().maxOffsetMs()).isGreaterThan(1_900.0);
    }

    @Test
    void memoryStaysTheSameAndAddsAllocateNothingOverAMillionSamples() {
        SyncAccumulator sync = new SyncAccumulator();
        int footprint = sync.footprintBytes();
        Runnable episode = () -> {
            // 1 kHz controls arriving at once, 120 fps frames arriving 30 ms late, then 30 s without controls.
            long frameNs = 0;
            for (long i = 0; i < 1_000_000; i++) {
                long controlNs = i * 1_000_000;
                sync.addControl(controlNs);
                while (frameNs <= controlNs - 30_000_000) {
                    sync.addFrame(frameNs);
                    frameNs += 8_333_333;
                }
            }
            for (int i = 0; i < 3_600; i++) {
                sync.addFrame(frameNs);
                frameNs += 8_333_333;
            }
        };
        episode.run(); // warm up: the JIT compiles the adds
        sync.clear();
        long allocated = Allocations.bytesAllocatedBy(episode);
        assertThat(allocated).as("bytes allocated by 1.1M adds").isLessThan(1_000);
        assertThat(sync.footprintBytes()).isEqualTo(footprint).isLessThan(400_000);
        assertThat(sync.offsets().bufferLongs()).isEqualTo(SyncAccumulator.DEFAULT_CONTROL_WINDOW * 5 / 4
                + 2 * SyncAccumulator.DEFAULT_PENDING_FRAMES);
        assertThat(sync.offsets().pendingFrames()).isEqualTo(SyncAccumulator.DEFAULT_PENDING_FRAMES);
        assertThat(sync.controlIntervals().intervals()).isEqualTo(999_999);
        // The last frames are up to 30 s past the last control, the gap's earliest frames long settled.
        assertThat(sync.quality().maxOffsetMs()).isGreaterThan(29_000.0);
    }

    @Test
    void clearStartsAfresh() {
        SyncAccumulator sync = new SyncAccumulator();
        sync.addControl(0);
        sync.addFrame(40_000_000);
        sync.clear();
        assertThat(sync.quality()).isEqualTo(SyncQuality.of(new long[0], new long[0]));
        sync.addControl(1_000_000_000);
        sync.addFrame(1_002_000_000);
        assertThat(sync.quality().maxOffsetMs()).isEqualTo(2.0);
        assertThat(sync.maxOffsetExact()).isTrue();
    }
}
