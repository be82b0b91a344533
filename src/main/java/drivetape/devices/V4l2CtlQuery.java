package drivetape.devices;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks v4l2-ctl (from v4l-utils, the V4L2 maintainers' own tool) for a node's capabilities and formats, so
 * drivetape needs no ioctl code of its own. Without v4l2-ctl it says how to install it.
 */
public final class V4l2CtlQuery implements CameraQuery {
    static final String INSTALL = "install v4l-utils to list formats (sudo apt-get install v4l-utils)";
    private static final long TIMEOUT_SECONDS = 10;

    private final Path executable;

    /** @param executable the v4l2-ctl to run, or null when there is none */
    V4l2CtlQuery(Path executable) {
        this.executable = executable;
    }

    /** The v4l2-ctl on PATH, if any. */
    public static V4l2CtlQuery onPath() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "v4l2-ctl");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new V4l2CtlQuery(candidate);
                }
            }
        }
        return new V4l2CtlQuery(null);
    }

    @Override
    public CameraDetails query(Path device) {
        if (executable == null) {
            return CameraDetails.unavailable("v4l2-ctl not found: " + INSTALL);
        }
        Path output = null;
        try {
            output = Files.createTempFile("drivetape-v4l2-ctl", ".txt");
            // Output to a file, not a pipe: waiting with a timeout cannot then fill a pipe and block v4l2-ctl.
            Process p = new ProcessBuilder(List.of(executable.toString(), "-d", device.toString(), "--info",
                    "--list-formats-ext"))
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return CameraDetails.unavailable("v4l2-ctl did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                        .orElse("exit code " + p.exitValue());
                return CameraDetails.unavailable("v4l2-ctl: " + first);
            }
            return V4l2CtlOutput.parse(text);
        } catch (IOException e) {
            return CameraDetails.unavailable("cannot run " + executable + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CameraDetails.unavailable("interrupted while asking v4l2-ctl");
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A leftover temp file is harmless.
                }
            }
        }
    }
}
