package drivetape.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds the USB serial ports (/dev/ttyACM*, /dev/ttyUSB*) and what sysfs says about each. */
final class SerialScanner {
    private static final Pattern PORT_NAMES = Pattern.compile("tty(ACM|USB)\\d+");
    private static final String BY_ID = "serial/by-id";
    private static final String SERIAL_GROUP = "dialout";

    private final Sysfs fs;
    private final AccessCheck access;

    SerialScanner(Sysfs fs, AccessCheck access) {
        this.fs = fs;
        this.access = access;
    }

    List<SerialPortInfo> scan() throws IOException {
        List<SerialPortInfo> ports = new ArrayList<>();
        for (String name : fs.devNames(PORT_NAMES)) {
            ports.add(port(name));
        }
        return ports;
    }

    private SerialPortInfo port(String name) throws IOException {
        Path device = fs.dev(name);
        Path sysDevice = fs.sys("class/tty/" + name + "/device");
        UsbDevice usb = fs.usbAbove(sysDevice);
        return new SerialPortInfo(fs.shown(device), fs.linksTo(BY_ID, name), Sysfs.driver(sysDevice), usb,
                BoardKind.of(usb, name), Access.of(device, access, SERIAL_GROUP), latencyTimer(name));
    }

    /** Only the FTDI driver (ftdi_sio) has the attribute. */
    private LatencyTimer latencyTimer(String name) {
        Path file = fs.sys("bus/usb-serial/devices/" + name + "/latency_timer");
        if (!Files.exists(file)) {
            return null;
        }
        String value = Sysfs.attribute(file);
        try {
            return value == null ? null : new LatencyTimer(fs.shown(file), Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
