package drivetape.bench;

import drivetape.format.EpisodeFiles;
import drivetape.timing.LatencyHistogram;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * Measures frame received -> JPEG on disk from outside the recorder: the frame writers write
 * {@code NNNNNN.jpg.part} and rename it into place, and the rename is what inotify reports here. So no
 * hook in the writers is needed; the figure includes up to a few tens of microseconds of inotify delivery.
 *
 * <p>The episode's directory does not exist yet when the session starts: the watcher watches the data root
 * for it, then the episode's directory for its {@code frames/} (created right after it, before any frame can
 * be routed into it), then {@code frames/}. Files already there by then are counted as seen, without a
 * latency ({@link #missed}).
 *
 * <p>Owns thread {@code drivetape-bench-watch}, started by {@link #start} and joined by {@link #close}.
 */
final class FrameFileWatcher implements AutoCloseable {
    private final Path dataRoot;
    private final String episodeId;
    private final LongUnaryOperator receiveNanosOfIndex;
    private final LatencyHistogram latency = new LatencyHistogram();
    private final WatchService watcher;
    private final Thread thread;
    /** Names counted by the listing when the frames directory came to be watched (usually none). */
    private final Set<String> listed = new HashSet<>();
    private final WatchKey rootKey;
    private WatchKey episodeKey;
    private WatchKey framesKey;
    private volatile Path framesDirectory;
    private volatile boolean running = true;
    private volatile long firstFileNanos;
    private volatile long overflows;
    private volatile long filesSeen;
    private volatile long missed;

    /**
     * @param dataRoot where the session creates the episode (empty at the start)
     * @param episodeId the episode's directory name under it
     * @param receiveNanosOfIndex System.nanoTime() of frame k's arrival (episode frame k is camera frame k)
     */
    FrameFileWatcher(Path dataRoot, String episodeId, LongUnaryOperator receiveNanosOfIndex) throws IOException {
        this.dataRoot = dataRoot;
        this.episodeId = episodeId;
        this.receiveNanosOfIndex = receiveNanosOfIndex;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.rootKey = dataRoot.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
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
                boolean frames = key == framesKey;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflows++;
                        continue;
                    }
                    String name = ((Path) event.context()).toString();
                    if (frames) {
                        onCreated(name, now);
                    } else if (key == rootKey && name.equals(episodeId) && episodeKey == null) {
                        watchEpisode(dataRoot.resolve(name));
                    } else if (key == episodeKey && name.equals(EpisodeFiles.FRAMES_DIR)) {
                        watchFrames(dataRoot.resolve(episodeId).resolve(name));
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    /** The episode's directory appeared; its frames/ is created right after it, maybe before we look. */
    private void watchEpisode(Path episode) {
        try {
            episodeKey = episode.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            return; // gone again: the cell's figures show no files
        }
        Path frames = episode.resolve(EpisodeFiles.FRAMES_DIR);
        if (Files.isDirectory(frames)) {
            watchFrames(frames);
        }
    }

    private void watchFrames(Path frames) {
        if (framesKey != null) {
            return; // seen both by the listing and by its event
        }
        try {
            framesKey = frames.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            return; // no frames directory: the cell's figures show no files
        }
        framesDirectory = frames;
        try (DirectoryStream<Path> already = Files.newDirectoryStream(frames, "*.jpg")) {
            for (Path file : already) {
                listed.add(file.getFileName().toString());
                missed++;
                countFile(System.nanoTime());
            }
        } catch (IOException e) {
            // Listed as it is being written: the events cover the rest.
        }
    }

    private void countFile(long now) {
        if (firstFileNanos == 0) {
            firstFileNanos = now;
        }
        filesSeen = filesSeen + 1; // single writer: this thread
    }

    private void onCreated(String name, long now) {
        if (!name.endsWith(".jpg") || !listed.isEmpty() && listed.contains(name)) {
            return; // a .part file being started, or a file the listing counted already
        }
        long index;
        try {
            index = Long.parseLong(name.substring(0, name.length() - 4));
        } catch (NumberFormatException e) {
            return;
        }
        countFile(now);
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

    /** Files already there when the frames directory came to be watched (seen, without a latency). */
    long missed() {
        return missed;
    }

    /** The episode's frames directory once it appeared, else null. */
    Path framesDirectory() {
        return framesDirectory;
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
