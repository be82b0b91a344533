package drivetape.devices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Finds the serial ports and cameras under a root ({@code /} in production, a fake tree in tests). */
public final class DeviceScanner {
    private final SerialScanner serial;
    private final CameraScanner cameras;

    /**
     * @param root   the directory holding {@code dev/} and {@code sys/}
     * @param access whether this process may open a device
     * @param query  asks a video node for its capabilities and formats
     */
    public DeviceScanner(Path root, AccessCheck access, CameraQuery query) {
        Sysfs fs = new Sysfs(root);
        this.serial = new SerialScanner(fs, access);
        this.cameras = new CameraScanner(fs, access, query);
    }

    /** This machine: /dev, /sys, the kernel's permission check and v4l2-ctl when it is installed. */
    public static DeviceScanner system() {
        return new DeviceScanner(Path.of("/"), AccessCheck.SYSTEM, V4l2CtlQuery.onPath());
    }

    public DeviceScan scan() {
        try {
            return new DeviceScan(serial.scan(), cameras.scan());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /dev: " + e.getMessage(), e);
        }
    }
}
