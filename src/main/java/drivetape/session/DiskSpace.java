package drivetape.session;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the disk under the data root has room: a full disk ends the episode and blocks new ones until
 * enough space is back (checked once a second: a statfs call). Timeline thread, except the reads.
 */
final class DiskSpace {
    /**
     * Room needed before recording resumes: minutes of frames and the final writes of an episode; on a small
     * file system a quarter of it, but at least 8 MiB (what an episode's end alone may need, with margin).
     */
    static final long RESUME_BYTES = 64L << 20;
    static final long RESUME_MIN_BYTES = 8L << 20;

    private final Path root;
    private volatile String blockedBy;
    private volatile long freeBytes = -1;
    private volatile long totalBytes = -1;

    DiskSpace(Path root) {
        this.root = root;
    }

    void block(String why) {
        if (blockedBy == null) {
            blockedBy = why;
        }
    }

    boolean blocked() {
        return blockedBy != null;
    }

    String blockedBy() {
        return blockedBy;
    }

    /** Measures the free space; unblocks and returns true when there is room again. */
    boolean roomAgain() {
        measure();
        long needed = totalBytes > 0 ? Math.min(RESUME_BYTES, Math.max(RESUME_MIN_BYTES, totalBytes / 4))
                : RESUME_BYTES;
        if (blockedBy != null && freeBytes >= needed) {
            blockedBy = null;
            return true;
        }
        return false;
    }

    long measure() {
        try {
            FileStore store = Files.getFileStore(root);
            freeBytes = store.getUsableSpace();
            totalBytes = store.getTotalSpace();
        } catch (IOException e) {
            freeBytes = -1;
        }
        return freeBytes;
    }

    /** The free space as last measured, -1 when unknown. */
    long freeBytes() {
        return freeBytes;
    }
}
