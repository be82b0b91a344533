package drivetape.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpscRingTest {

    static final class Box {
        long value;
    }

    @Test
    void refusesWhenFullAndReusesSlots() {
        SpscRing<Box> ring = new SpscRing<>(4, Box::new, new Wakeup());
        Box first = ring.claim();
        for (int i = 0; i < 4; i++) {
            Box b = ring.claim();
            assertThat(b).isNotNull();
            b.value = i;
            ring.publish();
        }
        assertThat(ring.claim()).isNull();
        assertThat(ring.size()).isEqualTo(4);
        assertThat(ring.peek().value).isZero();
        ring.release();
        assertThat(ring.claim()).isSameAs(first);
    }

    @Test
    void handsOverEveryElementInOrderAcrossThreads() throws Exception {
        Wakeup wakeup = new Wakeup();
        SpscRing<Box> ring = new SpscRing<>(64, Box::new, wakeup);
        int count = 200_000;
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                Box b;
                while ((b = ring.claim()) == null) {
                    Thread.onSpinWait();
                }
                b.value = i;
                ring.publish();
            }
        }, "test-producer");
        producer.start();
        long expected = 0;
        while (expected < count) {
            Box b = ring.peek();
            if (b == null) {
                wakeup.await(TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            assertThat(b.value).isEqualTo(expected);
            expected++;
            ring.release();
        }
        producer.join();
        assertThat(ring.size()).isZero();
    }
}
