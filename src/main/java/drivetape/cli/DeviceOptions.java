package drivetape.cli;

import drivetape.camera.CameraOpener;
import drivetape.camera.FrameSources;
import drivetape.serial.LinkOpener;
import drivetape.serial.SerialPortLink;
import picocli.CommandLine.Option;

/** The controller and the camera of a command that opens them ({@code record}, {@code drive}, {@code calibrate}). */
final class DeviceOptions {
    @Option(names = "--serial", required = true, paramLabel = "PORT",
            description = "Controller serial port, e.g. /dev/ttyACM0 (or a pseudo-terminal path).")
    String serial;

    @Option(names = "--camera", required = true, paramLabel = "SOURCE",
            description = "/dev/videoN (V4L2), an http:// or rtsp:// URL of an IP camera's MJPEG stream (e.g. "
                    + "http://192.168.4.1:81/stream; its size, frames stamped on arrival), 'test' (synthetic "
                    + "pattern) or a video file (replayed in real time).")
    String camera;

    @Option(names = "--resolution", paramLabel = "WxH", defaultValue = "640x360",
            converter = Resolution.Converter.class, description = "Frame size (default: ${DEFAULT-VALUE}).")
    Resolution resolution;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
            description = "Serial baud rate (default: ${DEFAULT-VALUE}).")
    int baud;

    void check() {
        if (!(fps > 0 && fps <= 240)) {
            throw new UserError("--fps must be a number of frames per second above 0 and at most 240, e.g. --fps 30");
        }
        if (baud < 50 || baud > 4_000_000) {
            throw new UserError("--baud must be a serial rate between 50 and 4000000, e.g. --baud 115200");
        }
    }

    /** Checks the camera string now (a one-line error), and makes a source for each (re)open. */
    CameraOpener cameraOpener() {
        Devices.camera(camera, resolution, fps).close();
        return () -> FrameSources.open(camera, resolution.width(), resolution.height(), fps);
    }

    LinkOpener serialOpener() {
        return () -> SerialPortLink.open(serial, baud);
    }
}
