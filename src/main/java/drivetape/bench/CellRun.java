package drivetape.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.camera.CameraCapture;
import drivetape.camera.CameraException;
import drivetape.camera.CameraOpener;
import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSink;
import drivetape.camera.FrameSources;
import drivetape.camera.GrabbedFrame;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import drivetape.serial.SerialException;
import drivetape.serial.SerialLink;
import drivetape.serial.SerialPortLink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The child side of one cell: runs in its own JVM (so CPU, RSS and heap are this cell's alone), prints
 * {@value #LISTENING} once its serial port is being read (the parent then starts the simulated controller,
 * as a board starts talking once its port is opened) and finally {@value #RESULT} with the figures as JSON.
 */
public final class CellRun {
    static final String LISTENING = "LISTENING";
    static final String RESULT = "RESULT ";
    static final int BAUD = 115200;

    private CellRun() {
    }

    /**
     * @param cell what to run
     * @param port the serial port (pty) the simulated controller talks on; unused for the source-only cell
     * @param cameraSource "test" or the MJPEG clip to replay
     * @param dataRoot where the episode (or the baseline's frames) go
     */
    public static int run(String cell, String port, String cameraSource, Path dataRoot, PrintStream out) {
        BenchCell spec = CellSpec.parse(cell);
        CellMeter.warmUp();
        CellResult result;
        try {
            Files.createDirectories(dataRoot);
            ClockedCamera camera = new ClockedCamera(
                    FrameSources.open(cameraSource, spec.width(), spec.height(), spec.fps()), spec.fps(),
                    (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(spec.fps() * (spec.seconds() + 30))));
            Runnable listening = () -> {
                out.println(LISTENING);
                out.flush();
            };
            result = switch (spec.pipeline()) {
                case DRIVETAPE -> DrivetapeCell.run(spec, openPort(port), port, camera, dataRoot, listening);
                case BASELINE -> {
                    Path frames = Files.createDirectories(dataRoot.resolve("baseline-frames"));
                    yield new BaselineRecorder(camera, openPort(port), frames).run(spec, listening);
                }
                case SOURCE -> sourceOnly(spec, camera, listening);
            };
        } catch (CameraException | SerialException | IOException | RuntimeException e) {
            result = CellResult.failed(spec, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = CellResult.failed(spec, "interrupted");
        }
        try {
            out.println(RESULT + new ObjectMapper().writeValueAsString(result));
        } catch (IOException e) {
            out.println(RESULT + "{}");
        }
        out.flush();
        return result.problem() == null ? 0 : 1;
    }

    private static SerialLink openPort(String port) throws SerialException {
        return SerialPortLink.open(port, BAUD);
    }

    /** The camera source alone, frames thrown away: what the synthetic source costs by itself. */
    private static CellResult sourceOnly(BenchCell cell, ClockedCamera camera, Runnable listening)
            throws CameraException {
        listening.run();
        CameraCapture capture = new CameraCapture(CameraOpener.once(camera), new Discard());
        capture.open();
        CellMeter meter = new CellMeter();
        meter.start();
        AgentRunner runner = new AgentRunner(capture, IdleStrategy.none()).start();
        long end = meter.startNanos() + (long) (cell.seconds() * 1e9);
        while (System.nanoTime() - end < 0) {
            LockSupport.parkNanos(5_000_000);
        }
        meter.stop();
        long due = camera.dueBy(System.nanoTime());
        long captured = camera.delivered();
        runner.close();
        return new CellResult(cell, new CellResult.Window(meter.windowS(), due, captured, 0), CellResult.Frames.NONE,
                meter.cpu(captured), ProcessStats.memory(), CellResult.ControlPath.NONE,
                new CellResult.FramePath(CellResult.Latency.NONE, camera.lag().percentileMs(0.99)),
                CellResult.Startup.NONE, null);
    }

    /** Takes each frame and keeps nothing. */
    private static final class Discard implements FrameSink {
        @Override
        public void onFrame(GrabbedFrame frame) {
            // Discarded.
        }

        @Override
        public void onCameraLost(String why, long nanoTime) {
            // The window just ends short; the counts show it.
        }

        @Override
        public void onCameraBack(FrameFormat format, long nanoTime) {
            // Counted as it comes.
        }

        @Override
        public void onEnd() {
            // The window just ends short; the counts show it.
        }
    }
}
