package drivetape.export.tub;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a frame's JPEG into the tub: a hard link when the tub is on the episode's filesystem (no bytes copied,
 * an hour of frames in seconds), a copy otherwise. JPEGs are never rewritten, so sharing them is safe.
 */
final class ImageLinks {
    private boolean linking = true;
    private long copied;

    void place(Path frame, Path target) throws IOException {
        if (linking) {
            try {
                Files.createLink(target, frame);
                return;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(target)) {
                    throw e;
                }
                linking = false; // another filesystem (EXDEV) or one without hard links: copy from now on
            }
        }
        Files.copy(frame, target);
        copied++;
    }

    /** Frames copied because they could not be linked. */
    long copied() {
        return copied;
    }
}
