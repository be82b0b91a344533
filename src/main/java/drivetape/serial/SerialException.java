package drivetape.serial;

/**
 * A serial port problem the user can act on: the message is one line that says what happened and what to
 * do, printed as is (no stack trace) by the command line.
 */
public final class SerialException extends Exception {
    public SerialException(String message) {
        super(message);
    }
}
