package drivetape.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./drivetape} entry point as a separate process, as a user would. */
final class Cli {
    /** The repository root: failsafe runs tests there. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    private final Process process;
    private java.io.OutputStream stdin;
    private final Path stdout;
    private final Path stderr;

    private Cli(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Cli start(Path logs, String name, String... args) throws IOException {
        return start(logs, name, java.util.Map.of(), args);
    }

    /** As {@link #start}, with {@code env} added to the environment (XDG_CONFIG_HOME, say). */
    static Cli start(Path logs, String name, java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("drivetape").toString());
        command.addAll(List.of(args));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        return new Cli(builder.start(), out, err);
    }

    /** As {@link #start}, with a pipe for standard input (the keyboard of {@code drive}). */
    static Cli startWithKeyboard(Path logs, String name, String... args) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("drivetape").toString());
        command.addAll(List.of(args));
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Cli cli = new Cli(p, out, err);
        cli.stdin = p.getOutputStream();
        return cli;
    }

    /** Types a line on the process's keyboard. */
    void type(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Waits until stderr holds {@code text}. */
    void awaitStderr(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (stderr().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("drivetape ended early (" + process.exitValue() + "):\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' on stderr within " + timeout + ":\n" + stderr());
    }

    /** Waits for {@code simulate controller --camera-http}'s {@code camera at URL} line; returns the URL. */
    String awaitCameraUrl(Duration timeout) throws Exception {
        awaitStderr("drivetape simulate: camera at http://", timeout);
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("drivetape simulate: camera at (http://\\S+)")
                .matcher(stderr());
        if (!url.find()) {
            throw new AssertionError("no camera URL in:\n" + stderr());
        }
        return url.group(1);
    }

    /** The episode paths printed on stdout so far, one per line. */
    List<Path> episodePaths() throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String line : stdout().split("\n")) {
            if (!line.isBlank()) {
                paths.add(Path.of(line.trim()));
            }
        }
        return paths;
    }

    /** Runs to completion (bounded) and returns the exit code. */
    static Cli run(Path logs, String name, Duration timeout, String... args) throws Exception {
        Cli cli = start(logs, name, args);
        cli.await(timeout);
        return cli;
    }

    int await(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("drivetape did not finish within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits until stdout has a line (the recorder prints the episode path once it exists). */
    Path awaitEpisodePath(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = stdout();
            if (out.endsWith("\n")) {
                return Path.of(out.trim());
            }
            if (!process.isAlive()) {
                throw new AssertionError("drivetape ended early (" + process.exitValue() + "):\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no episode path printed within " + timeout + "; stderr:\n" + stderr());
    }
}
