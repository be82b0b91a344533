package drivetape.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.sim.BoardPort;
import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.LinkKind;
import drivetape.sim.PtyPair;
import drivetape.sim.SimConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one cell in a fresh child JVM (same java, classpath and JVM flags as this one), with the simulated
 * controller on a socat pty in this process: the controller is another device, its cost is not the
 * recorder's. The child's CPU, RSS and heap are then the cell's own.
 */
final class ChildCell {
    /** How the parent reads a cell's RESULT line (derived figures in it are ignored). */
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ChildCell() {
    }

    static CellResult run(BenchCell cell, String cameraSource, double controlHz, Path workDirectory) {
        Path cellDirectory = null;
        PtyPair pty = null;
        ControllerRunner runner = null;
        Process child = null;
        try {
            cellDirectory = Files.createTempDirectory(workDirectory, "cell-");
            String port = "none";
            if (cell.pipeline() != BenchCell.Pipeline.SOURCE) {
                pty = PtyPair.start(cellDirectory.resolve("link"));
                port = pty.hostSide().toString();
            }
            Path stderr = cellDirectory.resolve("child.err");
            long launchNanos = System.nanoTime();
            child = new ProcessBuilder(command(cell, port, cameraSource, cellDirectory.resolve("data")))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(stderr.toFile())
                    .start();
            Process started = child;
            Thread watchdog = new Thread(() -> killAfter(started, (long) cell.seconds() + 90), "drivetape-bench-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            CellResult result = null;
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals(CellRun.LISTENING) && pty != null && runner == null) {
                        runner = ControllerRunner.start(
                                // A USB board: the bench measures the recorder, up to 1000 Hz, not a UART's limits.
                                new ControllerSchedule(SimConfig.builder().rateHz(controlHz).link(LinkKind.USB).build()),
                                BoardPort.open(pty.controllerSide().toString(), CellRun.BAUD).output(),
                                ControllerRunner.UNTIL_CLOSED);
                    } else if (line.startsWith(CellRun.RESULT)) {
                        result = JSON.readValue(line.substring(CellRun.RESULT.length()), CellResult.class);
                    }
                }
            }
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            if (result == null) {
                return CellResult.failed(cell, "the cell's JVM gave no result (exit " + exitOf(child) + "): "
                        + lastLines(stderr));
            }
            long firstFrame = result.startup().firstFrameNanos();
            return firstFrame > 0 ? result.withLaunchToFirstFrame((firstFrame - launchNanos) / 1e9) : result;
        } catch (IOException | RuntimeException e) {
            return CellResult.failed(cell, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CellResult.failed(cell, "interrupted");
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            if (runner != null) {
                runner.close();
            }
            if (pty != null) {
                pty.close();
            }
            BenchFiles.deleteTree(cellDirectory);
        }
    }

    private static List<String> command(BenchCell cell, String port, String cameraSource, Path data) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "drivetape.cli.Main", "bench",
                "--cell", CellSpec.format(cell), "--port", port, "--source", cameraSource,
                "--data", data.toString()));
        return command;
    }

    /** A cell that hangs is killed, so its stdout ends and the run goes on. */
    private static void killAfter(Process process, long seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static String exitOf(Process p) {
        return p.isAlive() ? "still running" : Integer.toString(p.exitValue());
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }
}
