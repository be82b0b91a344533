package drivetape.devices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sysfs/devfs tree in a temp dir laid out as Linux lays it out: class links into /sys/devices, relative
 * symlinks, the USB device (idVendor, idProduct...) above the interface a tty or video node hangs off.
 */
final class FakeDeviceTree {
    private static final String HOST = "sys/devices/pci0000:00/0000:00:14.0/usb1";

    final Path root;
    private int nextPort = 1;

    FakeDeviceTree(Path root) {
        this.root = root;
        mkdirs(root.resolve("dev"));
        mkdirs(root.resolve("sys/class/tty"));
        mkdirs(root.resolve("sys/class/video4linux"));
    }

    /** A USB device on the next hub port; returns its sysfs directory. */
    Path usbDevice(String vendor, String product, String manufacturer, String productName, String serial) {
        Path dir = root.resolve(HOST + "/1-" + nextPort++);
        write(dir.resolve("idVendor"), vendor + "\n");
        write(dir.resolve("idProduct"), product + "\n");
        if (manufacturer != null) {
            write(dir.resolve("manufacturer"), manufacturer + "\n");
        }
        if (productName != null) {
            write(dir.resolve("product"), productName + "\n");
        }
        if (serial != null) {
            write(dir.resolve("serial"), serial + "\n");
        }
        return dir;
    }

    /** A CDC ACM port (Uno's 16U2, Leonardo): the tty hangs off the USB interface, driver cdc_acm. */
    FakeDeviceTree acmPort(String name, Path usb) {
        Path iface = usb.resolve(usb.getFileName() + ":1.0");
        driver(iface, "usb", "cdc_acm");
        classLink("tty", name, iface.resolve("tty/" + name), iface);
        write(root.resolve("dev/" + name), "");
        return this;
    }

    /** A usb-serial port (CH340, FTDI, CP210x): interface / ttyUSBn port device / tty. */
    FakeDeviceTree usbSerialPort(String name, Path usb, String driver) {
        Path port = usb.resolve(usb.getFileName() + ":1.0/" + name);
        driver(port, "usb-serial", driver);
        classLink("tty", name, port.resolve("tty/" + name), port);
        link(root.resolve("sys/bus/usb-serial/devices/" + name), port);
        write(root.resolve("dev/" + name), "");
        return this;
    }

    /** The FTDI driver's latency_timer attribute of a usb-serial port. */
    FakeDeviceTree latencyTimer(String name, int ms) {
        write(root.resolve("sys/bus/usb-serial/devices/" + name + "/latency_timer"), ms + "\n");
        return this;
    }

    /** A /dev/serial/by-id name for a port, a relative link as udev makes it. */
    FakeDeviceTree byId(String linkName, String port) {
        link(root.resolve("dev/serial/by-id/" + linkName), root.resolve("dev/" + port));
        return this;
    }

    /** A UVC video node on a USB camera's interface {@code interfaceNumber}. */
    FakeDeviceTree camera(String name, String label, Path usb, int interfaceNumber) {
        Path iface = usb.resolve(usb.getFileName() + ":1." + interfaceNumber);
        driver(iface, "usb", "uvcvideo");
        Path node = iface.resolve("video4linux/" + name);
        write(node.resolve("name"), label + "\n");
        classLink("video4linux", name, node, iface);
        write(root.resolve("dev/" + name), "");
        return this;
    }

    /** A file in /dev with no sysfs entry behind it. */
    FakeDeviceTree devFile(String name) {
        write(root.resolve("dev/" + name), "");
        return this;
    }

    Path dev(String name) {
        return root.resolve("dev/" + name);
    }

    private void classLink(String className, String name, Path node, Path device) {
        mkdirs(node);
        link(node.resolve("device"), device);
        link(root.resolve("sys/class/" + className + "/" + name), node);
    }

    private void driver(Path device, String bus, String driver) {
        Path target = root.resolve("sys/bus/" + bus + "/drivers/" + driver);
        mkdirs(target);
        mkdirs(device);
        if (!Files.isSymbolicLink(device.resolve("driver"))) {
            link(device.resolve("driver"), target);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
