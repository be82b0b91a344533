package drivetape.devices;

import java.util.List;

/**
 * One serial port a controller may be on.
 *
 * @param path         e.g. /dev/ttyACM0, a value for {@code --serial}
 * @param byId         its /dev/serial/by-id names: the same port, and they stay the same when re-plugged
 * @param driver       the kernel driver (cdc_acm, ch341-uart, ftdi_sio, cp210x), or null when unknown
 * @param usb          its USB device, or null when sysfs does not show one
 * @param kind         what it likely is
 * @param access       whether this user may open it
 * @param latencyTimer the FTDI latency timer, or null for adapters that have none
 */
public record SerialPortInfo(String path, List<String> byId, String driver, UsbDevice usb, BoardKind kind,
                             Access access, LatencyTimer latencyTimer) {

    /** The name to give {@code --serial}: a by-id name when there is one, since ttyACM numbers move. */
    public String bestName() {
        return byId.isEmpty() ? path : byId.get(0);
    }
}
