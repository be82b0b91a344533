package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware in the plain simavr command, pulses from a VCD file, as anyone can check it without this
 * project's harness: {@code simavr -m atmega328p -f 16000000 -i pulses.vcd build/drivetape.elf}.
 */
class SimavrCliTest {
    @TempDir
    Path tmp;

    @Test
    void pulsesFromAVcdFileComeBackOnTheUart() throws Exception {
        FirmwareBuild.ensureBuilt();
        // 20 frames: steering sweeps 1100..2050 us, throttle holds 1500 us; all pulses start together.
        List<String> vcd = new ArrayList<>(List.of("$timescale 1us $end", "$scope module logic $end",
                "$var wire 1 ! iogD_2 $end", "$var wire 1 \" iogD_3 $end", "$upscope $end", "$enddefinitions $end",
                "#0", "0!", "0\""));
        List<Integer> steering = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            long start = 5_000 + k * 20_000L;
            int width = 1_100 + 50 * k;
            steering.add(width);
            vcd.addAll(List.of("#" + start, "1!", "1\""));
            if (width < 1_500) {
                vcd.addAll(List.of("#" + (start + width), "0!", "#" + (start + 1_500), "0\""));
            } else if (width == 1_500) {
                vcd.addAll(List.of("#" + (start + 1_500), "0!", "0\""));
            } else {
                vcd.addAll(List.of("#" + (start + 1_500), "0\"", "#" + (start + width), "0!"));
            }
        }
        vcd.addAll(List.of("#600000", "0!"));  // simavr stops when the file's last change has been played
        Path file = tmp.resolve("pulses.vcd");
        Files.write(file, vcd);

        // simavr runs in real time while the firmware sleeps, and ends after the file's last change (0.6 s).
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder("simavr", "-m", "atmega328p", "-f", "16000000", "-i", file.toString(),
                FirmwareBuild.ELF.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("simavr did not stop at the end of the VCD file");
        }
        String text = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("#hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50");
        List<int[]> withSignal = samplesIn(text).stream().filter(v -> v[0] != 0).toList();
        assertThat(withSignal).as(text).hasSizeGreaterThanOrEqualTo(20);
        for (int k = 0; k < 20; k++) {
            assertThat(withSignal.get(k)[0]).as("steering in frame %d", k).isBetween(steering.get(k) - 10, steering.get(k) + 10);
            assertThat(withSignal.get(k)[1]).as("throttle in frame %d", k).isBetween(1_490, 1_510);
        }
    }

    /** simavr prints each UART line in color, '\n' shown as '.': pick the sample values out. */
    private static List<int[]> samplesIn(String text) {
        List<int[]> samples = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("\u001b\\[[0-9;]*m", "");
            if (line.endsWith(".")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.startsWith("$") && line.contains("*")) {
                String[] f = line.substring(1, line.indexOf('*')).split(",");
                samples.add(new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
            }
        }
        return samples;
    }
}
