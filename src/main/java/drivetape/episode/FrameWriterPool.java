package drivetape.episode;

import drivetape.camera.JpegEncoder;
import drivetape.handoff.Wakeup;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Background threads that encode (raw cameras only) and write frames to {@code frames/NNNNNN.jpg}, so the
 * camera thread never waits on the disk.
 *
 * <p>Each frame is written to a temporary name and renamed into place, so a frame file that exists is a
 * whole JPEG even after {@code kill -9} or a power cut. One failed write is counted and the writers go on;
 * a full disk is reported so the recording can end cleanly.
 */
final class FrameWriterPool {
    private static final FrameSlot STOP = new FrameSlot();
    private static final long READY_TIMEOUT_SECONDS = 10;

    private final FrameQueue queue;
    private final Path framesDirectory;
    private final Supplier<JpegEncoder> encoders;
    private final int jpegQuality;
    private final Wakeup episodeWriterWakeup;
    private final boolean rawFrames;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean abandon;
    private volatile String diskFull;

    FrameWriterPool(FrameQueue queue, Path framesDirectory, Supplier<JpegEncoder> encoders, boolean rawFrames,
                    int jpegQuality, Wakeup episodeWriterWakeup) {
        this.queue = queue;
        this.rawFrames = rawFrames;
        this.framesDirectory = framesDirectory;
        this.encoders = encoders;
        this.jpegQuality = jpegQuality;
        this.episodeWriterWakeup = episodeWriterWakeup;
    }

    /** Starts the writers and returns once each is ready (its encoder loaded), so the first frames wait for nothing. */
    void start(int writers) {
        CountDownLatch ready = new CountDownLatch(writers);
        for (int i = 1; i <= writers; i++) {
            Thread thread = new Thread(() -> run(ready), "drivetape-writer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            ready.await(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The reason frames can no longer be written (disk full), or null. */
    String diskFull() {
        return diskFull;
    }

    /**
     * Lets the writers finish every queued frame, waiting at most {@code timeoutMillis}; frames still
     * queued after that are given up (their rows say dropped).
     */
    void drainAndStop(long timeoutMillis) {
        sendStops();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : threads) {
            joinUntil(thread, deadline);
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            abandon = true;
            FrameSlot slot;
            while ((slot = queue.work().poll()) != null) {
                if (slot != STOP) {
                    giveUp(slot);
                }
            }
            sendStops();
            // A writer still inside one slow write finishes that one frame or is left behind (daemon); its
            // row is settled as dropped by the episode writer if it is still pending at the end.
            for (Thread thread : threads) {
                joinUntil(thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            }
        }
    }

    private void sendStops() {
        for (int i = 0; i < threads.size(); i++) {
            queue.work().offer(STOP);
        }
    }

    private void run(CountDownLatch ready) {
        JpegEncoder encoder = null;
        try {
            if (rawFrames) {
                // The first encode on a thread sets up its buffers: before frame one, not on it.
                encoder = encoders.get();
                encoder.encode(ByteBuffer.allocateDirect(16 * 16 * 3), 16, 16, 16 * 3, jpegQuality);
            }
        } catch (RuntimeException | LinkageError e) {
            // The first real frame will fail the same way and be counted as a write error.
        } finally {
            ready.countDown();
        }
        try {
            while (true) {
                FrameSlot slot = queue.work().take();
                if (slot == STOP) {
                    return;
                }
                if (abandon) {
                    giveUp(slot);
                    continue;
                }
                if (!slot.jpeg && encoder == null) {
                    encoder = encoders.get();
                }
                write(slot, encoder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    private void write(FrameSlot slot, JpegEncoder encoder) {
        FrameRow row = slot.row;
        Path file = framesDirectory.resolve(fileName(row.index));
        Path partial = framesDirectory.resolve(fileName(row.index) + ".part");
        int state = FrameRow.WRITE_ERROR;
        int bytes = 0;
        try {
            ByteBuffer jpeg = slot.jpeg ? slot.data : encoder.encode(slot.data, slot.width, slot.height,
                    slot.stride, jpegQuality);
            bytes = jpeg.remaining();
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                while (jpeg.hasRemaining()) {
                    channel.write(jpeg);
                }
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            state = FrameRow.WRITTEN;
        } catch (IOException | RuntimeException e) {
            if (DiskFull.is(e)) {
                diskFull = "disk full while writing " + file.getFileName();
            }
            deleteQuietly(partial);
        }
        if (!row.settle(state, bytes) && state == FrameRow.WRITTEN) {
            // Given up at shutdown while we were writing it: the row says dropped, so no file either.
            deleteQuietly(file);
        }
        queue.recycle(slot);
        episodeWriterWakeup.signal();
    }

    private void giveUp(FrameSlot slot) {
        slot.row.settle(FrameRow.DROPPED_SHUTDOWN, 0);
        queue.recycle(slot);
        episodeWriterWakeup.signal();
    }

    static String fileName(long index) {
        return String.format(Locale.ROOT, "%06d.jpg", index);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more to do: the row already tells the truth about this frame.
        }
    }

    private static void joinUntil(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            if (left > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
