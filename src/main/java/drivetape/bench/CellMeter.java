package drivetape.bench;

/**
 * The recording window of one cell: CPU time and wall time from capture start to the end of the duration,
 * so start-up (class loading, natives, encoder warm-up) and the final drain are not counted as recording.
 */
final class CellMeter {
    private long startNanos;
    private long startCpuNanos;
    private ProcessStats.Cpu startCpu;
    private long endNanos;
    private long cpuNanos;
    private ProcessStats.Cpu cpu;

    /**
     * Loads what the readings use (the management beans, /proc reading), so that {@link #start} takes
     * microseconds: on a cold JVM the first reading takes hundreds of ms, which would start the window late.
     */
    static void warmUp() {
        ProcessStats.cpu();
        ProcessStats.cpuNanos();
    }

    void start() {
        startCpu = ProcessStats.cpu();
        startCpuNanos = ProcessStats.cpuNanos();
        startNanos = System.nanoTime();
    }

    void stop() {
        endNanos = System.nanoTime();
        cpuNanos = ProcessStats.cpuNanos() - startCpuNanos;
        cpu = ProcessStats.cpu().minus(startCpu);
    }

    long startNanos() {
        return startNanos;
    }

    double windowS() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Percent of one core used by the whole process during the window. */
    double cpuPct() {
        return 100.0 * cpuNanos / Math.max(1, endNanos - startNanos);
    }

    double userPct() {
        return 100.0 * cpu.userNs() / Math.max(1, endNanos - startNanos);
    }

    double systemPct() {
        return 100.0 * cpu.systemNs() / Math.max(1, endNanos - startNanos);
    }

    /** Milliseconds of CPU per frame captured in the window. */
    double cpuMsPerFrame(long frames) {
        return frames > 0 ? cpuNanos / 1e6 / frames : 0;
    }

    /** The window's CPU, with {@code framesCaptured} for the per-frame figure. */
    CellResult.Cpu cpu(long framesCaptured) {
        return new CellResult.Cpu(cpuPct(), userPct(), systemPct(), cpuMsPerFrame(framesCaptured));
    }
}
