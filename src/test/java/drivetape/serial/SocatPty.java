package drivetape.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A pair of connected pseudo-terminals made by socat: bytes written to one end come out of the other. */
final class SocatPty implements AutoCloseable {
    private static final String SOCAT = "/usr/bin/socat";

    final Path a;
    final Path b;
    private final Process process;

    private SocatPty(Path a, Path b, Process process) {
        this.a = a;
        this.b = b;
        this.process = process;
    }

    static SocatPty start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(SOCAT))) {
            throw new IllegalStateException("these tests need socat: apt-get install socat");
        }
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Process process = new ProcessBuilder(SOCAT, "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("socat did not create " + a + " and " + b);
            }
            Thread.sleep(10);
        }
        return new SocatPty(a, b, process);
    }

    /** Ends socat, as when a USB cable is pulled: both ptys go away. */
    void kill() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
