package drivetape.episode;

import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a recorder holds on an episode while it writes it: an OS file lock on {@code .drivetape-lock},
 * which the kernel releases when the process dies however it dies (kill -9, a power cut). So "status
 * recording and unlocked" means "left behind by a crash", and recovery never touches a live episode.
 */
public final class EpisodeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private EpisodeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of the episode at {@code directory}; null when another process holds it. */
    public static EpisodeLock tryAcquire(Path directory) throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(EpisodeFiles.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new EpisodeLock(channel, lock);
        } catch (OverlappingFileLockException heldHere) {
            channel.close();
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Whether a live process is recording the episode at {@code directory} right now.
     *
     * <p>For other processes only (recover, export, review): POSIX record locks belong to the process, and
     * closing any descriptor of the file drops them all, so a recorder asking this about its own open
     * episode would release its own lock. Inside the recording process, ask the Session which episode is open.
     */
    public static boolean isHeld(Path directory) {
        if (!Files.exists(directory.resolve(EpisodeFiles.LOCK))) {
            return false;
        }
        try (EpisodeLock probe = tryAcquire(directory)) {
            return probe == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Releases the lock and removes the file. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }

    /** Releases the lock and deletes its file: the episode is finished. */
    public void releaseAndDelete(Path directory) {
        close();
        try {
            Files.deleteIfExists(directory.resolve(EpisodeFiles.LOCK));
        } catch (IOException ignored) {
            // A leftover, unlocked lock file means nothing.
        }
    }
}
