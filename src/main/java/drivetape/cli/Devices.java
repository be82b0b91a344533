package drivetape.cli;

import drivetape.camera.CameraException;
import drivetape.camera.FrameSource;
import drivetape.camera.FrameSources;
import drivetape.serial.SerialException;
import drivetape.serial.SerialLink;
import drivetape.serial.SerialPortLink;

/** Opens the devices a command names, turning their failures into one-line user errors. */
final class Devices {
    private Devices() {
    }

    static SerialLink serial(String port, int baud) {
        try {
            return SerialPortLink.open(port, baud);
        } catch (SerialException e) {
            throw new UserError(e.getMessage());
        }
    }

    static FrameSource camera(String source, Resolution resolution, double fps) {
        try {
            return FrameSources.open(source, resolution.width(), resolution.height(), fps);
        } catch (CameraException e) {
            throw new UserError(e.getMessage());
        }
    }
}
