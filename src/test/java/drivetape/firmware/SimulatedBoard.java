package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a firmware ELF in simavr through firmware/build/simavr-harness, unpaced (faster than real time),
 * and returns what it sent with the pulses that were played into it.
 */
final class SimulatedBoard {
    /** One pulse played into a pin; times in simulated microseconds since reset. */
    record Pulse(int channel, long riseUs, long fallUs, int widthUs) {
    }

    /** A change of the LED pin (D13), in simulated microseconds since reset. */
    record LedChange(long us, int level) {
    }

    record Run(BoardOutput output, List<Pulse> pulses, List<LedChange> leds, String stderr) {
        /** The pulses of one frame: those rising within a frame period of {@code riseUs}. */
        List<Pulse> frameStartingAt(long riseUs, long frameUs) {
            return pulses.stream().filter(p -> p.riseUs() >= riseUs && p.riseUs() < riseUs + frameUs).toList();
        }
    }

    private SimulatedBoard() {
    }

    static Run run(Path dir, Path elf, String... harnessArgs) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve("uart.txt");
        Path err = dir.resolve("harness.err");
        Path log = dir.resolve("pulses.csv");
        List<String> command = new ArrayList<>(List.of(FirmwareBuild.HARNESS.toString(), "--log", log.toString()));
        command.addAll(List.of(harnessArgs));
        command.add(elf.toString());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("simavr-harness did not finish: " + command);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("simavr-harness failed: %s", stderr).isZero();

        List<Pulse> pulses = new ArrayList<>();
        List<LedChange> leds = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(",");
            if (f[0].equals("pulse")) {
                pulses.add(new Pulse(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Integer.parseInt(f[4])));
            } else if (f[0].equals("led")) {
                leds.add(new LedChange(Long.parseLong(f[1]), Integer.parseInt(f[2])));
            }
        }
        String uart = Files.readString(out, StandardCharsets.ISO_8859_1);
        return new Run(new BoardOutput(uart), pulses, leds, stderr);
    }
}
