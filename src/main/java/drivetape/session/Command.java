package drivetape.session;

/**
 * A request to the session from outside the data path (the keyboard, the web page, a signal), handled on
 * the timeline thread in the order given.
 *
 * @param reason in words, for the episode's end and the status line ("keyboard", "web", "SIGTERM")
 * @param nanoTime when it was asked (System.nanoTime()): an episode starts or ends at that moment
 */
public record Command(Kind kind, String reason, long nanoTime) {

    public enum Kind {
        /** Start an episode unless one is recording. */
        START,
        /** End the episode being recorded. */
        STOP,
        /** Start or stop (Enter on the keyboard). */
        TOGGLE,
        /** End the session: the open episode is finished complete. */
        QUIT
    }

    public static Command now(Kind kind, String reason) {
        return new Command(kind, reason, System.nanoTime());
    }
}
