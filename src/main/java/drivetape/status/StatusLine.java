package drivetape.status;

import java.io.PrintStream;

/**
 * The once-a-second progress line. On a terminal it is rewritten in place; otherwise (a log, a pipe) each
 * update is one plain line, so logs stay readable. Warnings always get their own line.
 */
public final class StatusLine {
    private final PrintStream out;
    private final boolean inPlace;
    private boolean lineOpen;

    public StatusLine(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** In place when a person is watching a terminal (and TERM is not "dumb"). */
    public static StatusLine forStderr() {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        return new StatusLine(System.err, terminal);
    }

    /** Whether updates rewrite one line in place (a person at a terminal) rather than print a line each. */
    public boolean inPlace() {
        return inPlace;
    }

    public synchronized void update(String text) {
        if (inPlace) {
            out.print("\r" + text + "\u001b[K");
            lineOpen = true;
        } else {
            out.println(text);
        }
        out.flush();
    }

    public synchronized void warn(String text) {
        endLine();
        out.println("WARNING: " + text);
        out.flush();
    }

    public synchronized void info(String text) {
        endLine();
        out.println(text);
        out.flush();
    }

    /** Ends an in-place line so what follows starts on a fresh line. */
    public synchronized void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
