package drivetape.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File chores around the cells: sizes of what was written, and cleaning up after a run. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** Mean size of the .jpg files in {@code directory}, in KiB (0 when there are none). */
    static double averageJpegKb(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            long[] sumAndCount = files.filter(p -> p.getFileName().toString().endsWith(".jpg"))
                    .mapToLong(BenchFiles::sizeOrZero)
                    .collect(() -> new long[2], (a, size) -> { a[0] += size; a[1]++; },
                            (a, b) -> { a[0] += b[0]; a[1] += b[1]; });
            return sumAndCount[1] == 0 ? 0 : sumAndCount[0] / 1024.0 / sumAndCount[1];
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp directory is harmless.
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
