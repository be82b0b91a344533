package drivetape.web;

/** A request the server refuses, with the HTTP status and a line for the person (sent as JSON). */
final class ApiError extends RuntimeException {
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
