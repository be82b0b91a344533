package drivetape.serial;

/** Opens (and, after a cable was pulled, reopens) the controller's link. */
@FunctionalInterface
public interface LinkOpener {

    /** @throws SerialException with a one-line message when the port cannot be opened (not there yet, busy) */
    SerialLink open() throws SerialException;

    /** A link that cannot be opened again once it is gone (an in-process pipe, a replay). */
    static LinkOpener once(SerialLink link) {
        SerialLink[] left = {link};
        return () -> {
            SerialLink next = left[0];
            left[0] = null;
            if (next == null) {
                throw new SerialException(link.describe() + " cannot be reopened");
            }
            return next;
        };
    }
}
