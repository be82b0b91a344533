package drivetape.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's CPU time and memory, from /proc and the JVM's management beans (Linux). */
final class ProcessStats {
    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICK_NS = 1e9 / 100;

    private ProcessStats() {
    }

    /** User and system CPU time of the whole process so far. */
    record Cpu(long userNs, long systemNs) {
        long totalNs() {
            return userNs + systemNs;
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(userNs - earlier.userNs, systemNs - earlier.systemNs);
        }
    }

    static Cpu cpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after the parenthesised command name (which may hold spaces): state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Cpu(Math.round(Long.parseLong(f[11]) * TICK_NS), Math.round(Long.parseLong(f[12]) * TICK_NS));
        } catch (IOException | RuntimeException e) {
            return new Cpu(0, 0);
        }
    }

    /** Precise total CPU time (user + system) of the process, where the JVM offers it. */
    static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return cpu().totalNs();
    }

    /** The process's memory as it stands (peaks so far). */
    static CellResult.Memory memory() {
        return new CellResult.Memory(peakRssMb(), peakHeapMb(), directMb());
    }

    /** Peak resident set size (VmHWM) in MiB, or -1 where /proc says nothing. */
    static double peakRssMb() {
        return statusKb("VmHWM:") / 1024.0;
    }

    static double rssMb() {
        return statusKb("VmRSS:") / 1024.0;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: reported as unknown.
        }
        return -1024;
    }

    /** The most heap the JVM has had in use at once (sum of the pools' peaks), in MiB. */
    static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / (1024.0 * 1024.0);
    }

    static double committedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / (1024.0 * 1024.0);
    }

    /** Memory held by direct ByteBuffers (frame slots), in MiB. */
    static double directMb() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                return pool.getMemoryUsed() / (1024.0 * 1024.0);
            }
        }
        return 0;
    }
}
