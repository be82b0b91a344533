package drivetape.bench;

import drivetape.timing.LatencyHistogram;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Measures frame received -> JPEG on disk from outside the recorder: the frame writers write
 * {@code NNNNNN.jpg.part} and rename it into place, and the rename is what inotify reports here. So no
 * hook in the writers is needed; the figure includes up to a few tens of microseconds of inotify delivery.
 *
 * <p>Owns thread {@code drivetape-bench-watch}, started by {@link #start} and joined by {@link #close}.
 */
final class FrameFileWatcher implements AutoCloseable {
    private final Path directory;
    private final LongUnaryOperator receiveNanosOfIndex;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final WatchService watcher;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long firstFileNanos;
    private volatile long overflows;
    private volatile long filesSeen;

    FrameFileWatcher(Path framesDirectory, LongUnaryOperator receiveNanosOfIndex) throws IOException {
        this.directory = framesDirectory;
        this.receiveNanosOfIndex = receiveNanosOfIndex;
        this.watcher = FileSystems.getDefault().newWatchService();
        framesDirectory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = new Thread(this::run, "drivetape-bench-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                WatchKey key = watcher.poll(100, TimeUnit.MILLISECONDS);
                if (key == null) {
                    continue;
                }
                long now = System.nanoTime();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflows++;
                        continue;
                    }
                    onCreated(((Path) event.context()).toString(), now);
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    private void onCreated(String name, long now) {
        if (!name.endsWith(".jpg")) {
            return; // a .part file being started
        }
        long index;
        try {
            index = Long.parseLong(name.substring(0, name.length() - 4));
        } catch (NumberFormatException e) {
            return;
        }
        if (firstFileNanos == 0) {
            firstFileNanos = now;
        }
        filesSeen = filesSeen + 1; // single writer: this thread
        long received = receiveNanosOfIndex.applyAsLong(index);
        if (received != 0) {
            latency.accept(now - received);
        }
    }

    /** Frame received -> file renamed into place (read after {@link #close()}). */
    LatencyHistogram latency() {
        return latency;
    }

    /** System.nanoTime() when the first frame file appeared, or 0. */
    long firstFileNanos() {
        return firstFileNanos;
    }

    /** Frame files that have appeared so far. */
    long filesSeen() {
        return filesSeen;
    }

    /** Times inotify's queue overflowed (events lost, so some frames are missing from the latency). */
    long overflows() {
        return overflows;
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            watcher.close();
        } catch (IOException ignored) {
            // Nothing left to watch.
        }
    }
}
