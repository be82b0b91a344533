package drivetape.jmh;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reader -> writer hand-off latency with a blocking consumer, as in the recorder (the episode writer sleeps
 * until a record arrives). A ping-pong: the benchmark thread hands a value to an echo thread over one
 * channel and waits for it back over another, both sides parked while idle; one hand-off is about half
 * the round trip. SampleTime mode gives the percentiles.
 *
 * <ul>
 *   <li>{@code spscRing}: drivetape's preallocated {@link SpscRing} + {@link Wakeup} (park/unpark);
 *   <li>{@code arrayBlockingQueue}: the JDK's lock + condition queue, put/take;
 *   <li>{@code jctoolsSpsc}: JCTools' {@link SpscArrayQueue} with the same {@link Wakeup}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandoffLatencyBenchmark {
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    @Param({"spscRing", "arrayBlockingQueue", "jctoolsSpsc"})
    String channel;

    private Channel ping;
    private Channel pong;
    private Thread echo;
    private volatile boolean running;
    private long value;

    /** A bounded blocking SPSC hand-off of longs. */
    interface Channel {
        void put(long v) throws InterruptedException;

        /** Blocks until a value arrives; Long.MIN_VALUE when interrupted. */
        long take();
    }

    @Setup(Level.Trial)
    public void setUp() {
        ping = create(channel);
        pong = create(channel);
        running = true;
        echo = new Thread(() -> {
            while (running) {
                long v = ping.take();
                if (v == Long.MIN_VALUE) {
                    return;
                }
                try {
                    pong.put(v);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        echo.interrupt();
        echo.join(1000);
    }

    @Benchmark
    public long roundTrip() throws InterruptedException {
        ping.put(++value & 63);
        return pong.take();
    }

    private static Channel create(String kind) {
        return switch (kind) {
            case "spscRing" -> new RingChannel();
            case "arrayBlockingQueue" -> new AbqChannel();
            case "jctoolsSpsc" -> new JcToolsChannel();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static final class RingChannel implements Channel {
        private final Wakeup wakeup = new Wakeup();
        private final SpscRing<long[]> ring = new SpscRing<>(1024, () -> new long[1], wakeup);

        @Override
        public void put(long v) {
            long[] slot;
            while ((slot = ring.claim()) == null) {
                LockSupport.parkNanos(100_000);
            }
            slot[0] = v;
            ring.publish();
        }

        @Override
        public long take() {
            while (!Thread.currentThread().isInterrupted()) {
                long[] slot = ring.peek();
                if (slot != null) {
                    long v = slot[0];
                    ring.release();
                    return v;
                }
                wakeup.await(MAX_WAIT_NANOS);
            }
            return Long.MIN_VALUE;
        }
    }

    static final class AbqChannel implements Channel {
        private final ArrayBlockingQueue<Long> queue = new ArrayBlockingQueue<>(1024);

        @Override
        public void put(long v) throws InterruptedException {
            queue.put(v); // small values: Long.valueOf's cache, no allocation
        }

        @Override
        public long take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                return Long.MIN_VALUE;
            }
        }
    }

    static final class JcToolsChannel implements Channel {
        private final Wakeup wakeup = new Wakeup();
        private final SpscArrayQueue<Long> queue = new SpscArrayQueue<>(1024);

        @Override
        public void put(long v) {
            while (!queue.offer(v)) {
                LockSupport.parkNanos(100_000);
            }
            wakeup.signal();
        }

        @Override
        public long take() {
            while (!Thread.currentThread().isInterrupted()) {
                Long v = queue.poll();
                if (v != null) {
                    return v;
                }
                wakeup.await(MAX_WAIT_NANOS);
            }
            return Long.MIN_VALUE;
        }
    }
}
