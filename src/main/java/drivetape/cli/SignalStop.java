package drivetape.cli;

import drivetape.session.Command;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Turns Ctrl+C (SIGINT) and SIGTERM into a request to end the session, so it shuts down in order and the
 * process exits 0 with complete episodes. The handlers only ask; the session does the work.
 */
final class SignalStop {
    private SignalStop() {
    }

    static void install(Consumer<Command> session) {
        handle("INT", "Ctrl+C", session);
        handle("TERM", "SIGTERM", session);
    }

    private static void handle(String signal, String name, Consumer<Command> session) {
        try {
            Signal.handle(new Signal(signal), s -> session.accept(Command.now(Command.Kind.QUIT, name)));
        } catch (IllegalArgumentException unavailable) {
            // The JVM reserves this signal here (e.g. -Xrs): the default behaviour stays.
        }
    }
}
