package drivetape.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file as a whole: the content goes to {@code name.tmp} beside it, which is then renamed over the
 * old file. A reader, a crash or a power cut sees the old file or the new one, never half of either.
 */
public final class AtomicFile {

    /** Writes the new content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    public static void write(Path target, byte[] content, boolean sync) throws IOException {
        write(target, out -> out.write(content), sync);
    }

    /**
     * @param sync also push the new content to the device before the rename (fsync), so that after a power
     *             cut the name never points at a file whose data did not reach the disk
     */
    public static void write(Path target, Content content, boolean sync) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + EpisodeFiles.TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                if (sync) {
                    channel.force(true);
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The original failure is the one to report.
            }
            throw e;
        }
    }
}
