package drivetape.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import drivetape.timing.LatencyHistogram;

/**
 * What one cell measured, in its own fresh JVM, in named parts (each one a JSON object of its own).
 *
 * @param window the measured window: from capture start, for the cell's seconds
 * @param frames what became of the frames over the whole recording (the window and the run-on after it)
 * @param cpu the process's CPU over the window
 * @param memory the process's peak memory (read at the end of the cell)
 * @param control the control path: bytes read -> every line of them handed on
 * @param frame the frame path: frame received -> file complete on disk
 * @param startup how soon the first frame file appeared
 * @param problem what went wrong, or null
 */
public record CellResult(BenchCell cell, Window window, Frames frames, Cpu cpu, Memory memory,
                         ControlPath control, FramePath frame, Startup startup, String problem) {

    /**
     * @param framesDue frames the camera produced during the window (by its schedule)
     * @param framesCaptured frames the recorder took from the camera during the window
     * @param framesOnDisk frames whose file was complete on disk by the end of the window
     */
    public record Window(double seconds, long framesDue, long framesCaptured, long framesOnDisk) {
        public static final Window NONE = new Window(0, 0, 0, 0);

        /** Frames written to disk per second of the window: what the pipeline sustained. */
        @JsonProperty
        double sustainedFps() {
            return seconds > 0 ? framesOnDisk / seconds : 0;
        }

        /** Frames due but never captured: a real camera would have overwritten them. */
        @JsonProperty
        long cameraLost() {
            return Math.max(0, framesDue - framesCaptured);
        }
    }

    /**
     * @param written frames with a file
     * @param dropped frames captured but never written (no buffer free, write error, given up at the end)
     * @param writeQueueMax deepest write queue seen (sampled every 5 ms)
     * @param avgKb mean frame file, KiB
     */
    public record Frames(long written, long dropped, long writeQueueMax, double avgKb) {
        public static final Frames NONE = new Frames(0, 0, 0, 0);
    }

    /**
     * Percent of one core over the window.
     *
     * @param msPerFrame CPU milliseconds per frame captured in the window
     */
    public record Cpu(double pctOfCore, double userPct, double systemPct, double msPerFrame) {
        public static final Cpu NONE = new Cpu(0, 0, 0, 0);
    }

    /** MiB: peak resident set (VmHWM), peak heap used, direct buffers (frame slots). */
    public record Memory(double peakRssMb, double peakHeapMb, double directMb) {
        public static final Memory NONE = new Memory(0, 0, 0);
    }

    /** A latency distribution, in the unit its name at the use says. */
    public record Latency(long count, double p50, double p99, double max) {
        public static final Latency NONE = new Latency(0, 0, 0, 0);

        static Latency micros(LatencyHistogram h) {
            return new Latency(h.count(), h.percentileUs(0.5), h.percentileUs(0.99), h.maxUs());
        }

        static Latency millis(LatencyHistogram h) {
            return new Latency(h.count(), h.percentileMs(0.5), h.percentileMs(0.99), h.maxMs());
        }
    }

    /**
     * @param handOnUs bytes read (the read returned) -> the reader back for more, every line of them parsed and
     *     handed on; one value per read that returned bytes (see {@link StampingLink})
     * @param drainUs baseline only: bytes read -> taken off its queue by the 1 ms main loop ({@link Latency#NONE}
     *     for drivetape)
     */
    public record ControlPath(Latency handOnUs, Latency drainUs) {
        public static final ControlPath NONE = new ControlPath(Latency.NONE, Latency.NONE);
    }

    /**
     * @param toDiskMs frame received -> JPEG file complete on disk
     * @param captureLagP99Ms how late frames reached the recorder against the camera's schedule
     */
    public record FramePath(Latency toDiskMs, double captureLagP99Ms) {
        public static final FramePath NONE = new FramePath(Latency.NONE, 0);
    }

    /**
     * @param firstFrameNanos System.nanoTime() (CLOCK_MONOTONIC, shared across processes) of the first file, 0
     *     when none
     * @param launchToFirstFrameS JVM launch -> first frame file on disk, -1 when unknown
     */
    public record Startup(long firstFrameNanos, double launchToFirstFrameS) {
        public static final Startup NONE = new Startup(0, -1);
    }

    /** Frames lost for any reason: never captured (camera overrun) or captured and not written. */
    @JsonProperty
    long lostTotal() {
        return window.cameraLost() + frames.dropped();
    }

    CellResult withLaunchToFirstFrame(double seconds) {
        return new CellResult(cell, window, frames, cpu, memory, control, frame,
                new Startup(startup.firstFrameNanos(), seconds), problem);
    }

    static CellResult failed(BenchCell cell, String problem) {
        return new CellResult(cell, Window.NONE, Frames.NONE, Cpu.NONE, Memory.NONE, ControlPath.NONE,
                FramePath.NONE, Startup.NONE, problem);
    }
}
