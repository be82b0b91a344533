package drivetape.jmh;

import drivetape.timing.IntervalStats;
import drivetape.timing.LongSeries;
import drivetape.timing.SyncAccumulator;
import drivetape.timing.SyncQuality;
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
 * The episode writer's live statistics (sync quality and both streams' interval figures, recomputed twice a
 * second) after {@code samples} control samples at 1 kHz and the frames of the same span at 120 fps.
 * {@code copyAndSort}: the old way, copying and sorting every time so far (what IntervalStats.of and
 * SyncQuality.of do). {@code accumulator}: reading a {@link SyncAccumulator} fed as the times came.
 * {@code accumulatorAdd}: feeding it one time (ops are times; 1000 controls and 120 frames a second).
 * Run with {@code -prof gc} for the bytes allocated per tally.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TallyBenchmark {
    private static final long CONTROL_NS = 1_000_000;
    private static final long FRAME_NS = 8_333_333;
    /** Frame rows reach the writer this long after their t_ns (JPEG written). */
    private static final long FRAME_DELAY_NS = 30_000_000;
    private static final int ADD_BATCH = 1_120;

    @Param({"10000", "100000", "1000000"})
    int samples;

    private final LongSeries controls = new LongSeries();
    private final LongSeries frames = new LongSeries();
    private final SyncAccumulator sync = new SyncAccumulator();
    private long nextControlNs;
    private long nextFrameNs;
    private long jitterState;

    @Setup
    public void fill() {
        addSamples(samples);
    }

    /** {@code n} more control samples, each followed by the frames that reached the writer by then. */
    private void addSamples(int n) {
        for (int i = 0; i < n; i++) {
            long control = nextControlNs + jitterNs(200_000);
            controls.add(control);
            sync.addControl(control);
            nextControlNs += CONTROL_NS;
            while (nextFrameNs + FRAME_DELAY_NS <= control) {
                long frame = nextFrameNs + jitterNs(1_000_000);
                frames.add(frame);
                sync.addFrame(frame);
                nextFrameNs += FRAME_NS;
            }
        }
    }

    @Benchmark
    public void copyAndSort(Blackhole bh) {
        long[] c = controls.toArray();
        long[] f = frames.toArray();
        bh.consume(IntervalStats.of(c));
        bh.consume(IntervalStats.of(f));
        bh.consume(SyncQuality.of(c, f));
    }

    @Benchmark
    public void accumulator(Blackhole bh) {
        bh.consume(sync.controlIntervals());
        bh.consume(sync.frameIntervals());
        bh.consume(sync.quality());
    }

    /** Feeding the accumulator alone (not the series), in the mix of a second: 1000 controls, 120 frames. */
    @Benchmark
    @OperationsPerInvocation(ADD_BATCH)
    public void accumulatorAdd() {
        for (int i = 0; i < 1_000; i++) {
            long control = nextControlNs + jitterNs(200_000);
            sync.addControl(control);
            nextControlNs += CONTROL_NS;
            while (nextFrameNs + FRAME_DELAY_NS <= control) {
                sync.addFrame(nextFrameNs + jitterNs(1_000_000));
                nextFrameNs += FRAME_NS;
            }
        }
    }

    /** A pseudo-random jitter in [0, rangeNs), as the clock estimates and capture times have. */
    private long jitterNs(long rangeNs) {
        jitterState += 0x9E3779B97F4A7C15L;
        long z = (jitterState ^ (jitterState >>> 31)) * 0xBF58476D1CE4E5B9L;
        return Math.floorMod(z ^ (z >>> 27), rangeNs);
    }
}
