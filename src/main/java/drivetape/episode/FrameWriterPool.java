package drivetape.episode;

import drivetape.camera.JpegEncoder;
import drivetape.format.EpisodeFiles;
import drivetape.handoff.FramePool;
import drivetape.handoff.FrameSlot;
import drivetape.handoff.Wakeup;
import drivetape.runner.Agent;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The session's frame writer threads ({@code drivetape-writer-N}): encode (raw cameras only) and write each
 * queued frame to its episode's {@code frames/NNNNNN.jpg}, so nothing on the capture path waits on the disk.
 *
 * <p>Each frame is written to a temporary name and renamed into place, so a frame file that exists is a
 * whole JPEG even after {@code kill -9}. Written files are pushed to the device (fsync) in batches, at least
 * once a second, so a power cut loses about a second of frames at most, and the cost is one sync per batch
 * rather than per frame. One failed write is counted and the writers go on; a full disk is reported.
 */
public final class FrameWriterPool implements AutoCloseable {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long SYNC_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int SYNC_BATCH = 256;

    private final FramePool pool;
    private final BlockingQueue<FrameSlot> work;
    private final Supplier<JpegEncoder> encoders;
    private final int jpegQuality;
    private final boolean syncToDevice;
    private final Wakeup episodeWakeup;
    private final List<AgentRunner> runners = new ArrayList<>();
    private volatile String diskFull;

    /**
     * @param syncToDevice fsync written frames in batches (off only to measure what it costs)
     * @param episodeWakeup signalled when a frame's fate is settled, for the episode writer to emit its row
     */
    public FrameWriterPool(FramePool pool, Supplier<JpegEncoder> encoders, int jpegQuality, boolean syncToDevice,
                           Wakeup episodeWakeup) {
        this.pool = pool;
        this.work = new ArrayBlockingQueue<>(pool.capacity());
        this.encoders = encoders;
        this.jpegQuality = jpegQuality;
        this.syncToDevice = syncToDevice;
        this.episodeWakeup = episodeWakeup;
    }

    /** Starts the writers and returns once each is ready (its encoder loaded), so the first frames wait for nothing. */
    public void start(int writers, boolean rawFrames) throws InterruptedException {
        for (int i = 1; i <= writers; i++) {
            AgentRunner runner = new AgentRunner(new Writer("drivetape-writer-" + i, rawFrames), IdleStrategy.none());
            runners.add(runner.start());
        }
        for (AgentRunner runner : runners) {
            runner.awaitStarted(10_000);
        }
    }

    /**
     * Queues a slot whose {@code destination} is its episode's {@link FrameRow}. Never blocks: the queue holds
     * every slot of the pool, so there is always room.
     */
    public void submit(FrameSlot slot) {
        if (!work.offer(slot)) {
            throw new IllegalStateException("frame write queue over capacity");
        }
    }

    /** Frames waiting for a writer. */
    public int depth() {
        return work.size();
    }

    /** The reason frames can no longer be written (disk full), or null. */
    public String diskFull() {
        return diskFull;
    }

    /** Space is back: frames may be written again. */
    public void clearDiskFull() {
        diskFull = null;
    }

    /** Stops the writers once the queue is empty or after {@code timeoutMillis}; pending rows are the episodes'. */
    @Override
    public void close() {
        for (AgentRunner runner : runners) {
            runner.requestStop();
        }
        for (AgentRunner runner : runners) {
            runner.close(2_000);
        }
    }

    private final class Writer implements Agent {
        private final String name;
        private final boolean rawFrames;
        private final List<Path> unsynced = new ArrayList<>(SYNC_BATCH);
        private final List<Path> unsyncedDirectories = new ArrayList<>(4);
        private JpegEncoder encoder;
        private long lastSyncNanos = System.nanoTime();

        Writer(String name, boolean rawFrames) {
            this.name = name;
            this.rawFrames = rawFrames;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void onStart() {
            if (rawFrames) {
                try {
                    // The first encode on a thread sets up its buffers: before frame one, not on it.
                    encoder = encoders.get();
                    encoder.encode(ByteBuffer.allocateDirect(16 * 16 * 3), 16, 16, 16 * 3, jpegQuality);
                } catch (RuntimeException | LinkageError e) {
                    // The first real frame fails the same way and is counted as a write error.
                }
            }
        }

        @Override
        public int doWork() throws InterruptedException {
            FrameSlot slot = work.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
            if (slot != null) {
                write(slot);
            }
            if (!unsynced.isEmpty() && (unsynced.size() >= SYNC_BATCH
                    || System.nanoTime() - lastSyncNanos >= SYNC_INTERVAL_NANOS)) {
                syncWritten();
            }
            return slot == null ? 0 : 1;
        }

        private void write(FrameSlot slot) {
            FrameRow row = (FrameRow) slot.destination;
            String name = EpisodeFiles.frameFileName(row.index);
            Path file = row.framesDirectory.resolve(name);
            Path partial = row.framesDirectory.resolve(name + EpisodeFiles.PART_SUFFIX);
            int state = FrameRow.WRITE_ERROR;
            int bytes = 0;
            if (row.state() != FrameRow.PENDING) {
                // Given up while it waited in the queue (the episode ended past its writer timeout).
                pool.recycle(slot);
                episodeWakeup.signal();
                return;
            }
            try {
                if (!slot.jpeg && encoder == null) {
                    encoder = encoders.get();
                }
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
            if (!row.settle(state, bytes)) {
                if (state == FrameRow.WRITTEN) {
                    // Given up at the end while we were writing it: the row says dropped, so no file either.
                    deleteQuietly(file);
                }
            } else if (state == FrameRow.WRITTEN && syncToDevice) {
                unsynced.add(file);
                if (!unsyncedDirectories.contains(row.framesDirectory)) {
                    unsyncedDirectories.add(row.framesDirectory);
                }
            }
            pool.recycle(slot);
            episodeWakeup.signal();
        }

        /** Pushes the files written since the last sync, then their directories (the renames), to the device. */
        private void syncWritten() {
            for (Path file : unsynced) {
                force(file);
            }
            for (Path directory : unsyncedDirectories) {
                force(directory);
            }
            unsynced.clear();
            unsyncedDirectories.clear();
            lastSyncNanos = System.nanoTime();
        }

        @Override
        public void onClose() {
            syncWritten();
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    /** fsync of a file or directory; a file deleted meanwhile (given up) needs none. */
    static void force(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Gone (given up, episode moved to the trash) or unsyncable: nothing more to do for it.
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more to do: the row already tells the truth about this frame.
        }
    }
}
