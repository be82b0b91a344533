package drivetape.cli;

import drivetape.camera.CameraOpener;
import drivetape.camera.FrameSources;
import drivetape.serial.LinkOpener;
import drivetape.serial.SerialPortLink;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The devices and the data root of a recording command ({@code record}, {@code drive}), with their checks. */
final class DeviceOptions {
    @Option(names = "--serial", required = true, paramLabel = "PORT",
            description = "Controller serial port, e.g. /dev/ttyACM0 (or a pseudo-terminal path).")
    String serial;

    @Option(names = "--camera", required = true, paramLabel = "SOURCE",
            description = "/dev/videoN (V4L2), an http:// or rtsp:// URL of an IP camera's MJPEG stream (e.g. "
                    + "http://192.168.4.1:81/stream; its size, frames stamped on arrival), 'test' (synthetic "
                    + "pattern) or a video file (replayed in real time).")
    String camera;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory episodes are created in.")
    Path out;

    @Option(names = "--resolution", paramLabel = "WxH", defaultValue = "640x360",
            converter = Resolution.Converter.class, description = "Frame size (default: ${DEFAULT-VALUE}).")
    Resolution resolution;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "Frame rate (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
            description = "Serial baud rate (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "90",
            description = "JPEG quality 1-100 when drivetape encodes frames (raw cameras, test pattern);"
                    + " MJPEG cameras are stored unchanged (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    void check() {
        if (!(fps > 0 && fps <= 240)) {
            throw new UserError("--fps must be a number of frames per second above 0 and at most 240, e.g. --fps 30");
        }
        if (baud < 50 || baud > 4_000_000) {
            throw new UserError("--baud must be a serial rate between 50 and 4000000, e.g. --baud 115200");
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new UserError("--jpeg-quality must be between 1 and 100");
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
