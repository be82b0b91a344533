package drivetape.web;

/** The web page cannot start (a bad address, the port taken): one line saying what to do. */
public final class WebException extends Exception {
    public WebException(String message, Throwable cause) {
        super(message, cause);
    }
}
