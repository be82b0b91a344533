package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the firmware and the simavr harness with {@code make -C firmware}, as a user or CI would.
 *
 * <p>Without the AVR toolchain or simavr these tests cannot run: on a developer machine they are skipped
 * with a message that says what to install; in CI ({@code CI=true}) they fail, so a broken CI image is not
 * mistaken for passing firmware tests.
 */
final class FirmwareBuild {
    /** The repository root: Maven runs tests there. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path FIRMWARE_DIR = ROOT.resolve("firmware");
    static final Path ELF = FIRMWARE_DIR.resolve("build/drivetape.elf");
    static final Path HARNESS = FIRMWARE_DIR.resolve("build/simavr-harness");
    /** The default build's hello line. */
    static final String HELLO = "#hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50 link=uart caps=ping,blink";

    static final String PACKAGES = "gcc-avr binutils-avr avr-libc arduino-core-avr make gcc simavr libsimavr-dev";
    private static final List<String> COMMANDS = List.of("make", "avr-gcc", "avr-g++", "avr-objcopy", "gcc", "simavr");
    private static final List<Path> FILES = List.of(
            Path.of("/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h"),
            Path.of("/usr/include/simavr/sim_avr.h"));

    private FirmwareBuild() {
    }

    /** Builds firmware/build/drivetape.elf and the harness (make skips what is up to date). */
    static void ensureBuilt() throws IOException, InterruptedException {
        requireToolchain();
        make(List.of());
        make(List.of("harness"));
        assertThat(ELF).isRegularFile();
        assertThat(HARNESS).isExecutable();
    }

    /** Builds a variant of the firmware (e.g. AUX=1) into its own directory and returns its ELF. */
    static Path buildVariant(Path buildDir, String... settings) throws IOException, InterruptedException {
        requireToolchain();
        List<String> args = new ArrayList<>(List.of(settings));
        args.add("BUILD=" + buildDir);
        make(args);
        Path elf = buildDir.resolve("drivetape.elf");
        assertThat(elf).isRegularFile();
        return elf;
    }

    static void requireToolchain() {
        List<String> missing = new ArrayList<>();
        for (String command : COMMANDS) {
            if (!onPath(command)) {
                missing.add(command);
            }
        }
        for (Path file : FILES) {
            if (!Files.exists(file)) {
                missing.add(file.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "firmware tests need the AVR toolchain and simavr (missing: " + String.join(", ", missing)
                + "): apt-get install " + PACKAGES;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static void make(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("make", "-s", "-C", FIRMWARE_DIR.toString()));
        command.addAll(args);
        Path log = Files.createTempFile("drivetape-firmware-make", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                Assertions.fail("make did not finish in 5 minutes: " + command);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s failed:%n%s", command, output).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
