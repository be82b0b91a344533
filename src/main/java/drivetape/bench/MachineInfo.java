package drivetape.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the figures were measured. */
public record MachineInfo(int cores, String cpuModel, String jdk, String os, String jvmArgs) {

    static MachineInfo here() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                // x86 says "model name"; Raspberry Pi kernels say "Model" (the board) or only "CPU part".
                if (line.startsWith("model name") || line.startsWith("Model")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // Not Linux.
        }
        return "unknown";
    }
}
