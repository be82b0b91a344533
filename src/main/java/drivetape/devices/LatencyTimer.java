package drivetape.devices;

/**
 * An FTDI adapter's latency timer: how long the chip holds a partly filled USB packet before sending it.
 * 16 ms is the driver's default; every line then waits up to that long, which shows as delivery jitter.
 *
 * @param path its sysfs file on the real system, e.g. /sys/bus/usb-serial/devices/ttyUSB0/latency_timer
 * @param ms   its value
 */
public record LatencyTimer(String path, int ms) {
    /** The value drivetape wants. */
    public static final int BEST_MS = 1;

    /** The udev rule that sets it on every FTDI adapter when it is plugged in. */
    public static final String UDEV_RULE =
            "ACTION==\"add\", SUBSYSTEM==\"usb-serial\", DRIVER==\"ftdi_sio\", ATTR{latency_timer}=\"1\"";
    public static final String UDEV_FILE = "/etc/udev/rules.d/99-ftdi-latency.rules";

    public boolean isTooHigh() {
        return ms > BEST_MS;
    }

    /** Sets it until the adapter is unplugged. */
    public String setNowCommand() {
        return "echo " + BEST_MS + " | sudo tee " + path;
    }
}
