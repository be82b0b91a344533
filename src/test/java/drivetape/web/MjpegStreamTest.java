package drivetape.web;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.live.LiveView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stream's rules without a server: newest frames only, a slow client skips, a closed one is let go. */
class MjpegStreamTest {
    private final LiveView live = new LiveView(1000);
    private final Preview preview = new Preview(() -> live);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    /** The timeline's side: a JPEG whose 3rd byte is its number, every 5 ms while someone watches. */
    private void camera(int frames) {
        threads.add(start(() -> {
            for (int i = 1; i <= frames && !stop.get(); i++) {
                long now = System.nanoTime();
                if (live.wantsFrame(now)) {
                    live.frame(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) i, (byte) 0xFF,
                            (byte) 0xD9}), true, 2, 2, 6, now, now);
                }
                sleep(5);
            }
        }));
        threads.add(start(() -> {
            while (!stop.get()) {
                try {
                    preview.doWork();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }));
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r, "test-" + r.hashCode());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void end() throws InterruptedException {
        stop.set(true);
        preview.onStopRequested();
        for (Thread t : threads) {
            t.join(2000);
        }
    }

    /** The frame numbers in what a client received. */
    private static List<Integer> frames(byte[] stream) {
        List<Integer> numbers = new ArrayList<>();
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        int at = 0;
        while ((at = text.indexOf("\r\n\r\n\u00ff\u00d8", at)) >= 0) {
            numbers.add((int) text.charAt(at + 6));
            at += 6;
        }
        return numbers;
    }

    @Test
    void aSlowClientGetsTheNewestFrameEachTimeAndSkipsTheRest() throws Exception {
        camera(150);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                got.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                got.write(b, off, len);
                sleep(60);
            }
        };
        Thread client = start(() -> {
            try {
                MjpegStream.serve(preview, slow, 1000, () -> got.size() > 0 && frames(got.toByteArray()).size() >= 8);
            } catch (InterruptedException ignored) {
                // ended
            }
        });
        client.join(10_000);
        List<Integer> numbers = frames(got.toByteArray());
        assertThat(numbers).hasSizeGreaterThanOrEqualTo(8);
        assertThat(new String(got.toByteArray(), StandardCharsets.ISO_8859_1))
                .startsWith("--" + MjpegStream.BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: 5\r\n\r\n");
        for (int i = 1; i < numbers.size(); i++) {
            // 60 ms a part, a frame every 5 ms: each part is a newer frame, and most in between are skipped.
            assertThat(numbers.get(i)).isGreaterThan(numbers.get(i - 1));
        }
        assertThat(numbers.get(numbers.size() - 1) - numbers.get(0)).isGreaterThan(3 * (numbers.size() - 1));
    }

    @Test
    void aClosedConnectionEndsTheStreamAtItsNextFrameAndNobodyIsLeftWatching() throws Exception {
        camera(400);
        AtomicBoolean returned = new AtomicBoolean();
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        long start = System.nanoTime();
        Thread client = start(() -> {
            try {
                MjpegStream.serve(preview, closed, 15, () -> false);
                returned.set(true);
            } catch (InterruptedException ignored) {
                // ended
            }
        });
        client.join(5_000);
        assertThat(returned).isTrue();
        assertThat((System.nanoTime() - start) / 1e6).isLessThan(3000);
        live.watchFrames(0);
        sleep(1100);
        assertThat(live.wantsFrame(System.nanoTime())).as("no watcher left").isFalse();
    }
}
