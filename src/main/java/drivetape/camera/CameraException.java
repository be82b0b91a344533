package drivetape.camera;

/** A camera problem with a one-line, user-facing message that says what to do. */
public final class CameraException extends Exception {
    public CameraException(String message) {
        super(message);
    }

    public CameraException(String message, Throwable cause) {
        super(message, cause);
    }
}
