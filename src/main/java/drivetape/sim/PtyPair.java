package drivetape.sim;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals made by socat, a stand-in for a USB-serial cable: the simulator writes to
 * {@link #controllerSide()}, the recorder opens {@link #hostSide()} as if it were /dev/ttyACM0.
 *
 * <p>Both paths are symlinks socat creates in the given directory (to /dev/pts/N) and removes when it
 * exits; {@link #close()} stops socat and waits for it.
 */
public final class PtyPair implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 5000;
    private static final long STOP_TIMEOUT_MS = 2000;

    private final Process socat;
    private final Path controllerSide;
    private final Path hostSide;

    private PtyPair(Process socat, Path controllerSide, Path hostSide) {
        this.socat = socat;
        this.controllerSide = controllerSide;
        this.hostSide = hostSide;
    }

    /** Whether a socat executable is on the PATH. */
    public static boolean socatAvailable() {
        return findSocat() != null;
    }

    /**
     * Starts socat and waits until both pty links exist in {@code dir} (named "controller" and "host").
     *
     * @throws IOException with a one-line message when socat is missing, fails, or does not come up in time
     */
    public static PtyPair start(Path dir) throws IOException {
        Path socatPath = findSocat();
        if (socatPath == null) {
            throw new IOException("socat is not installed: install it (sudo apt-get install socat) to get a "
                    + "virtual serial cable, or use the in-process link");
        }
        Files.createDirectories(dir);
        Path controller = dir.resolve("controller").toAbsolutePath();
        Path host = dir.resolve("host").toAbsolutePath();
        for (Path link : List.of(controller, host)) {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(link + " already exists: another simulator may be running there; "
                        + "stop it or use another directory");
            }
        }
        Process process = new ProcessBuilder(socatPath.toString(),
                "pty,raw,echo=0,link=" + controller,
                "pty,raw,echo=0,link=" + host)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start(); // stderr stays a pipe: socat only writes there when it fails, and then it exits
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!(Files.exists(controller) && Files.exists(host))) {
            if (!process.isAlive()) {
                throw new IOException("socat failed (exit " + process.exitValue() + "): " + firstLine(process));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("socat did not create " + controller + " and " + host + " within "
                        + START_TIMEOUT_MS / 1000 + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting socat");
            }
        }
        return new PtyPair(process, controller, host);
    }

    /** The end the controller (simulator) writes to. */
    public Path controllerSide() {
        return controllerSide;
    }

    /** The end the recorder reads, in place of a real serial port. */
    public Path hostSide() {
        return hostSide;
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    /** Stops socat (which removes the links) and waits for it. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                socat.destroyForcibly();
                socat.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            socat.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // socat removes its links on a clean exit; after a forced one they would dangle.
        for (Path link : List.of(controllerSide, hostSide)) {
            try {
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                }
            } catch (IOException e) {
                // Best effort: a stale link only confuses the next start, which reports it.
            }
        }
    }

    private static Path findSocat() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "socat");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String firstLine(Process process) {
        try (InputStream err = process.getErrorStream()) {
            String text = new String(err.readNBytes(4096), StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            String line = newline < 0 ? text : text.substring(0, newline);
            return line.isEmpty() ? "no message" : line;
        } catch (IOException e) {
            return "no message";
        }
    }
}
