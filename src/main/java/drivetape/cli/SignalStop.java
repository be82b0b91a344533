package drivetape.cli;

import drivetape.recording.StopRequest;
import sun.misc.Signal;

/**
 * Turns Ctrl+C (SIGINT) and SIGTERM into a stop request, so the recording shuts down in order and the
 * process exits 0 with a complete episode. The handlers only ask; the recording does the work.
 */
final class SignalStop {
    private SignalStop() {
    }

    static void install(StopRequest stop, Runnable onFirstSignal) {
        handle("INT", "Ctrl+C", stop, onFirstSignal);
        handle("TERM", "SIGTERM", stop, onFirstSignal);
    }

    private static void handle(String signal, String name, StopRequest stop, Runnable onFirstSignal) {
        try {
            Signal.handle(new Signal(signal), s -> {
                boolean first = !stop.isRequested();
                stop.request(name);
                if (first) {
                    onFirstSignal.run();
                }
            });
        } catch (IllegalArgumentException unavailable) {
            // The JVM reserves this signal here (e.g. -Xrs): the default behaviour stays.
        }
    }
}
