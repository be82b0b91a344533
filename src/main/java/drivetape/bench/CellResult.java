package drivetape.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one cell measured, in its own fresh JVM. Latencies are microseconds (control path) or milliseconds
 * (frame path); CPU is percent of one core over the recording window (capture start to the duration).
 *
 * @param framesDue frames the camera produced during the window (by its schedule)
 * @param framesCaptured frames the recorder took from the camera during the window
 * @param framesOnDiskInWindow frames whose file was complete on disk by the end of the window
 * @param framesDropped frames captured but never written (queue full, write error, given up at the end)
 * @param cameraLost frames due but never captured: a real camera would have overwritten them
 * @param writeQueueMax deepest write queue seen (sampled every 5 ms)
 * @param controlP50Us control path: bytes read -> record handed on (published / queued)
 * @param drainP50Us baseline only: bytes read -> taken off the queue by the 1 ms main loop
 * @param frameP50Ms frame received -> JPEG file complete on disk
 * @param captureLagP99Ms how late frames reached the recorder against the camera's schedule
 * @param firstFrameNanos System.nanoTime() (CLOCK_MONOTONIC, shared across processes) of the first file
 * @param problem what went wrong, or null
 */
public record CellResult(BenchCell cell, double windowS, long framesDue, long framesCaptured, long framesOnDiskInWindow,
                  long framesWritten, long framesDropped, long cameraLost, long writeQueueMax,
                  double cpuPctOfCore, double userPct, double systemPct, double cpuMsPerFrame,
                  double peakRssMb, double peakHeapMb, double directMb,
                  long controlRecords, double controlP50Us, double controlP99Us, double controlMaxUs,
                  double drainP50Us, double drainP99Us, double drainMaxUs,
                  double frameP50Ms, double frameP99Ms, double frameMaxMs, double captureLagP99Ms,
                  double avgFrameKb, long firstFrameNanos, double launchToFirstFrameS, String problem) {

    /** Frames written to disk per second of the window: what the pipeline sustained. */
    @JsonProperty
    double sustainedFps() {
        return windowS > 0 ? framesOnDiskInWindow / windowS : 0;
    }

    /** Frames lost for any reason: never captured (camera overrun) or captured and not written. */
    @JsonProperty
    long lostTotal() {
        return cameraLost + framesDropped;
    }

    CellResult withLaunchToFirstFrame(double seconds) {
        return new CellResult(cell, windowS, framesDue, framesCaptured, framesOnDiskInWindow, framesWritten,
                framesDropped, cameraLost, writeQueueMax, cpuPctOfCore, userPct, systemPct, cpuMsPerFrame,
                peakRssMb, peakHeapMb, directMb, controlRecords, controlP50Us, controlP99Us, controlMaxUs,
                drainP50Us, drainP99Us, drainMaxUs, frameP50Ms, frameP99Ms, frameMaxMs, captureLagP99Ms,
                avgFrameKb, firstFrameNanos, seconds, problem);
    }

    static CellResult failed(BenchCell cell, String problem) {
        return new CellResult(cell, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, -1, problem);
    }
}
