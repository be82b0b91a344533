package drivetape.session;

import drivetape.episode.EpisodeSpec;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * What the session has to tell people (warnings, episodes starting), queued by the threads that notice it
 * and printed by the main thread: a slow terminal must never hold up the timeline.
 */
final class SessionEvents {
    /** One thing to say; {@code episode} is set when an episode's directory was just created. */
    record Message(boolean warning, String text, java.nio.file.Path episode) {
    }

    private final Queue<Message> messages = new ConcurrentLinkedQueue<>();

    void warn(String text) {
        messages.add(new Message(true, text, null));
    }

    void info(String text) {
        messages.add(new Message(false, text, null));
    }

    void episodeStarted(EpisodeSpec spec, String reason) {
        messages.add(new Message(false, "Recording " + spec.directory() + " (" + reason + ")", spec.directory()));
    }

    void controllerLost(long atNs) {
        warn("the controller went away (cable out?): recording what still works; looking for it every 0.5 s");
    }

    void controllerBack(long atNs) {
        info("the controller is back");
    }

    void cameraLost(long atNs, String why) {
        warn("the camera went away (" + why + "): recording what still works; looking for it every 0.5 s");
    }

    void cameraBack(long atNs) {
        info("the camera is back");
    }

    /** On the main thread: hands over what was said since the last call. */
    void drain(Consumer<Message> sink) {
        Message m;
        while ((m = messages.poll()) != null) {
            sink.accept(m);
        }
    }
}
