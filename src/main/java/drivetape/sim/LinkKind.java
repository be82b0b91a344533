package drivetape.sim;

import java.util.Locale;

/** How the simulated board reaches the host, as its hello line's {@code link=} key says (protocol v1). */
public enum LinkKind {
    /** An ATmega328P's UART at the baud rate, then a USB-serial bridge (an Uno's 16U2, an FTDI). */
    UART,
    /** A board that speaks USB CDC itself (32U4, RP2040, SAMD): no UART time, the baud rate is ignored. */
    USB;

    /** The value of the hello line's {@code link=} key. */
    public String helloValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code uart} or {@code usb}, any case. */
    public static LinkKind parse(String text) {
        for (LinkKind kind : values()) {
            if (kind.helloValue().equalsIgnoreCase(text.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("link must be uart or usb, was '" + text + "'");
    }
}
