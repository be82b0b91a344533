package drivetape.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/** One finished external command: its exit code and its output (stdout, and stderr after it). */
record Command(List<String> command, int exitCode, String stdout, String stderr) {

    /** Runs {@code command} in {@code directory} to the end (bounded), stdin empty. */
    static Command run(Path directory, Duration timeout, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("drivetape-command", ".out");
        Path err = Files.createTempFile("drivetape-command", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                Assertions.fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            return new Command(List.of(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a pipeline or other shell text with bash. */
    static Command bash(Path directory, Duration timeout, String script) throws IOException, InterruptedException {
        return run(directory, timeout, "bash", "-o", "pipefail", "-c", script);
    }

    /** This command's stdout, after asserting it succeeded. */
    String ok() {
        if (exitCode != 0) {
            Assertions.fail(String.join(" ", command) + " exited with " + exitCode + ":\n" + tail(stdout) + tail(stderr));
        }
        return stdout;
    }

    static boolean onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    }
}
