package drivetape.session;

/** A session cannot run as configured (a trigger names a channel the board lacks): a one-line message. */
public final class SessionException extends RuntimeException {
    public SessionException(String message) {
        super(message);
    }
}
