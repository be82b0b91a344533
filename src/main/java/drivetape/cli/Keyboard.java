package drivetape.cli;

import drivetape.runner.Agent;
import drivetape.session.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The thread {@code drivetape-keyboard} of {@code drive}: a line on standard input toggles recording (Enter),
 * {@code q} ends the session. Reads nothing once input ends (no terminal: a service, a pipe closed).
 */
final class Keyboard implements Agent {
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    private final Consumer<Command> session;
    private boolean ended;

    Keyboard(Consumer<Command> session) {
        this.session = session;
    }

    @Override
    public String name() {
        return "drivetape-keyboard";
    }

    @Override
    public int doWork() throws IOException {
        if (ended) {
            LockSupport.parkNanos(this, 1_000_000_000L);
            return 0;
        }
        // A blocking read: this thread is a daemon, and nothing else waits for it.
        String line = in.readLine();
        if (line == null) {
            ended = true;
            return 0;
        }
        String key = line.strip();
        if (key.equalsIgnoreCase("q")) {
            session.accept(Command.now(Command.Kind.QUIT, "q on the keyboard"));
        } else if (key.isEmpty()) {
            session.accept(Command.now(Command.Kind.TOGGLE, "keyboard"));
        }
        return 1;
    }
}
