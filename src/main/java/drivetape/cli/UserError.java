package drivetape.cli;

/**
 * A problem the user can fix (bad option, missing device, unwritable directory). Main prints its message
 * as one line on stderr, without a stack trace, and exits non-zero.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message, null, false, false);
    }
}
