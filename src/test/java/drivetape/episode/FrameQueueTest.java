package drivetape.episode;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.camera.GrabbedFrame;
import drivetape.handoff.Wakeup;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    private static final int RAW_720P = 1280 * 720 * 3;

    private static GrabbedFrame rawFrame(long receivedAt) {
        GrabbedFrame f = new GrabbedFrame();
        f.data = ByteBuffer.allocateDirect(RAW_720P);
        f.width = 1280;
        f.height = 720;
        f.stride = 1280 * 3;
        f.receiveNanoTime = receivedAt;
        return f;
    }

    @Test
    void aWriterThatKeepsUpNeverCausesDropsHoweverSmallTheBudget() {
        // 200 slots, but memory for only three raw 720p frames: buffers must be reused, not cycled through.
        FrameQueue queue = new FrameQueue(200, 3L * RAW_720P + RAW_720P / 2, 0, new Wakeup());
        GrabbedFrame frame = rawFrame(1);
        for (int i = 0; i < 500; i++) {
            queue.offer(frame);
            FrameSlot slot = queue.work().poll();
            assertThat(slot).as("frame %d reached the writers", i).isNotNull();
            slot.row.settle(FrameRow.WRITTEN, 100);
            queue.recycle(slot);
            assertThat(queue.rows().peek().state()).isEqualTo(FrameRow.WRITTEN);
            queue.rows().release();
        }
        assertThat(queue.droppedQueueFull()).isZero();
        assertThat(queue.captured()).isEqualTo(500);
    }

    @Test
    void whenTheWritersFallBehindTheMemoryBudgetBoundsTheQueue() {
        FrameQueue queue = new FrameQueue(200, 3L * RAW_720P + RAW_720P / 2, 0, new Wakeup());
        GrabbedFrame frame = rawFrame(1);
        for (int i = 0; i < 10; i++) {
            queue.offer(frame); // nobody writes
        }
        assertThat(queue.depth()).isEqualTo(3);
        assertThat(queue.droppedQueueFull()).isEqualTo(7);
        assertThat(queue.captured()).isEqualTo(10);
    }

    @Test
    void framesStampedBeforeTheEpisodeStartAreSkippedAndCounted() {
        FrameQueue queue = new FrameQueue(4, 1 << 20, 5_000_000_000L, new Wakeup());
        GrabbedFrame stale = new GrabbedFrame();
        stale.data = ByteBuffer.allocateDirect(16);
        stale.jpeg = true;
        stale.deviceTimestampUs = 4_000_000; // 4 s on the monotonic clock, before the 5 s start
        queue.offer(stale);
        stale.deviceTimestampUs = 5_100_000;
        queue.offer(stale);
        assertThat(queue.framesBeforeStart()).isEqualTo(1);
        assertThat(queue.captured()).isEqualTo(1);
    }
}
