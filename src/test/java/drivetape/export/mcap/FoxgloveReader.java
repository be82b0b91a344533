package drivetape.export.mcap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs src/test/js/read-mcap.mjs: Foxglove's TypeScript MCAP readers (@mcap/core, @mcap/support) read a file
 * and print what is in it as JSON. Installs them with {@code npm ci} when node_modules is missing. Without node
 * the test is skipped, saying why, unless CI is set: then it fails.
 */
final class FoxgloveReader {
    static final Path DIRECTORY = Path.of("src", "test", "js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FoxgloveReader() {
    }

    /** The file read through its indexes ({@code stream} false) or front to back ({@code stream} true). */
    static JsonNode read(Path mcap, boolean stream) throws IOException, InterruptedException {
        requireNode();
        List<String> command = stream
                ? List.of("node", "read-mcap.mjs", mcap.toAbsolutePath().toString(), "--stream")
                : List.of("node", "read-mcap.mjs", mcap.toAbsolutePath().toString());
        Path out = Files.createTempFile("read-mcap", ".json");
        Path err = Files.createTempFile("read-mcap", ".err");
        try {
            int code = run(command, out, err, 120);
            Assertions.assertEquals(0, code, () -> "read-mcap.mjs failed: " + text(err));
            return JSON.readTree(out.toFile());
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static synchronized void requireNode() throws IOException, InterruptedException {
        boolean ci = System.getenv("CI") != null;
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                String why = tool + " is not installed: the MCAP export is checked with Foxglove's own readers in "
                        + "node (apt-get install nodejs npm)";
                Assertions.assertFalse(ci, why);
                Assumptions.abort(why);
            }
        }
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules").resolve("@mcap").resolve("core"))) {
            Path log = Files.createTempFile("npm-ci", ".log");
            int code = run(List.of("npm", "ci", "--no-audit", "--no-fund"), log, log, 600);
            Assertions.assertEquals(0, code, () -> "npm ci in " + DIRECTORY + " failed: " + text(log));
            Files.deleteIfExists(log);
        }
    }

    private static int run(List<String> command, Path out, Path err, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile())
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (out.equals(err)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(err.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return process.exitValue();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String text(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
