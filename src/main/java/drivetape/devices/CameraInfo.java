package drivetape.devices;

/**
 * One /dev/video node.
 *
 * @param path    e.g. /dev/video0, a value for {@code --camera}
 * @param name    its name in sysfs (the camera's product name for USB cameras), or null
 * @param driver  the kernel driver (uvcvideo for USB cameras), or null when unknown
 * @param usb     its USB device, or null for cameras that are not on USB
 * @param access  whether this user may open it
 * @param details what the node said about itself
 */
public record CameraInfo(String path, String name, String driver, UsbDevice usb, Access access,
                         CameraDetails details) {
}
