package drivetape.devices;

import java.util.List;

/**
 * What a serial port most likely is, from its USB ids (or, without them, from its kind of tty).
 *
 * @param description for people, e.g. "Arduino Uno R3 (16U2 USB-serial)"
 * @param link        the protocol's link kind: {@code uart} (a USB-serial bridge forwards a UART) or
 *                    {@code usb} (the board speaks USB CDC itself), see the protocol's hello key {@code link}
 */
public record BoardKind(String description, String link) {
    static final String UART = "uart";
    static final String USB = "usb";

    private record Known(String vendor, String product, BoardKind kind) {
    }

    // One table, exact ids first; a null product matches the vendor's other products.
    private static final List<Known> KNOWN = List.of(
            known("2341", "0001", "Arduino Uno (8U2 USB-serial)", UART),
            known("2341", "0043", "Arduino Uno R3 (16U2 USB-serial)", UART),
            known("2341", "0010", "Arduino Mega 2560 (8U2 USB-serial)", UART),
            known("2341", "0042", "Arduino Mega 2560 R3 (16U2 USB-serial)", UART),
            known("2a03", "0043", "Arduino Uno R3, arduino.org (16U2 USB-serial)", UART),
            known("2a03", "0010", "Arduino Mega 2560, arduino.org (16U2 USB-serial)", UART),
            known("2a03", "0042", "Arduino Mega 2560 R3, arduino.org (16U2 USB-serial)", UART),
            known("2341", "8036", "Arduino Leonardo (native USB)", USB),
            known("2a03", "8036", "Arduino Leonardo, arduino.org (native USB)", USB),
            known("2341", "8037", "Arduino Micro (native USB)", USB),
            known("2a03", "8037", "Arduino Micro, arduino.org (native USB)", USB),
            known("1a86", "7523", "CH340/CH341 USB-serial (Nano and Uno clones)", UART),
            known("0403", "6001", "FTDI FT232R USB-serial", UART),
            known("0403", "6014", "FTDI FT232H USB-serial", UART),
            known("0403", "6015", "FTDI FT-X (FT230X/FT231X) USB-serial", UART),
            known("10c4", "ea60", "Silicon Labs CP210x USB-serial", UART),
            known("1a86", null, "WCH CH34x USB-serial", UART),
            known("0403", null, "FTDI USB-serial", UART),
            known("10c4", null, "Silicon Labs USB-serial", UART));

    private static final BoardKind NATIVE_USB =
            new BoardKind("native USB board (CDC ACM: e.g. Leonardo, Micro, RP2040, SAMD)", USB);
    private static final BoardKind BRIDGE = new BoardKind("USB-serial adapter", UART);

    /**
     * The likely kind of the port.
     *
     * @param usb     its USB device, or null when sysfs did not say
     * @param ttyName e.g. {@code ttyACM0}: ACM ports with unknown ids are boards speaking USB CDC themselves
     */
    static BoardKind of(UsbDevice usb, String ttyName) {
        if (usb != null) {
            for (Known k : KNOWN) {
                if (k.vendor.equals(usb.vendorId()) && (k.product == null || k.product.equals(usb.productId()))) {
                    return k.kind;
                }
            }
        }
        return ttyName.startsWith("ttyACM") ? NATIVE_USB : BRIDGE;
    }

    private static Known known(String vendor, String product, String description, String link) {
        return new Known(vendor, product, new BoardKind(description, link));
    }
}
