package drivetape.devices;

/**
 * The USB device a serial port or camera belongs to, as sysfs describes it.
 *
 * @param vendorId     four hex digits, e.g. {@code 2341}
 * @param productId    four hex digits, e.g. {@code 0043}
 * @param manufacturer the device's manufacturer string, or null when it has none
 * @param product      the device's product string, or null
 * @param serial       the device's serial number string, or null
 */
public record UsbDevice(String vendorId, String productId, String manufacturer, String product, String serial) {

    /** {@code vendor:product}, the way lsusb and udev rules write it. */
    public String id() {
        return vendorId + ":" + productId;
    }
}
