package drivetape.cli;

import drivetape.calibrate.CalibrationRun;
import drivetape.calibrate.CalibrationStore;
import drivetape.calibrate.CameraCalibration;
import drivetape.calibrate.Region;
import drivetape.camera.CameraException;
import drivetape.serial.SerialException;
import drivetape.status.StatusLine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drivetape calibrate}: measurements of this car's devices that recordings then use. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measures a device once, for every later recording.",
        subcommands = {CalibrateCommand.Camera.class})
final class CalibrateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "camera", mixinStandardHelpOptions = true,
            description = {"Measures the camera's latency (from a frame's exposure to its time stamp) with the"
                    + " board's LED: the board blinks it at random moments, drivetape finds it in the frames and"
                    + " brackets the latency with every switch.",
                    "Point the camera at the board's LED (pin 13 on an Uno) and keep both still. The result is"
                            + " saved for this camera, size and rate; record and drive then apply it."})
    static final class Camera implements Callable<Integer> {
        @Mixin
        DeviceOptions devices;

        @Option(names = "--blinks", paramLabel = "N", defaultValue = "" + CalibrationRun.DEFAULT_BLINKS,
                description = "LED switches to measure with; the uncertainty is about a frame period over N"
                        + " (default: ${DEFAULT-VALUE}).")
        int blinks;

        @Option(names = "--led-region", paramLabel = "X,Y,W,H",
                description = "Where the LED is in the frame, in pixels (default: found, as the part of the"
                        + " picture whose brightness follows the LED).")
        String ledRegion;

        @Option(names = "--keep", paramLabel = "DIR",
                description = "Keep the calibration's recording, an episode, under DIR (to look at with report"
                        + " or review); by default it is deleted.")
        Path keep;

        @Override
        public Integer call() throws IOException, InterruptedException {
            devices.check();
            if (blinks < 8 || blinks > 1000) {
                throw new UserError("--blinks must be between 8 and 1000, e.g. --blinks 40");
            }
            Region region = null;
            if (ledRegion != null) {
                try {
                    region = Region.parse(ledRegion);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--led-region: " + e.getMessage());
                }
            }
            Path storeFile = CalibrationStore.defaultFile(System.getenv());
            CalibrationStore store;
            try {
                store = CalibrationStore.read(storeFile);
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            StatusLine status = StatusLine.forStderr();
            CalibrationRun run = new CalibrationRun(new CalibrationRun.Settings(blinks, region, devices.baud),
                    status::info);
            CameraCalibration result;
            try (TempDirectory work = TempDirectory.create("drivetape-calibrate-")) {
                Path root = keep != null ? WriterOptions.dataRoot(keep) : work.path();
                result = run.measure(devices.serialOpener(), devices.serial, devices.cameraOpener(), root);
            } catch (SerialException | CameraException | CalibrationRun.CalibrationException e) {
                throw new UserError(e.getMessage());
            }
            store.save(result);
            System.out.printf(Locale.ROOT, "camera latency: %.1f ms +/- %.1f ms (%d switches; LED at %s)%n",
                    result.latencyMs(), result.uncertaintyMs(), result.switches(), result.ledRegion());
            status.info("saved for " + result.camera().describe() + " in " + storeFile
                    + ": record and drive apply it to this camera from now on");
            return 0;
        }
    }
}
