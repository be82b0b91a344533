package drivetape.episode;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.ControlRecord;

/**
 * The ring from the serial reader to the episode writer, and the wakeup of the writer's thread. It exists
 * before the episode does: the reader starts the moment the port is open (a board resets on open and
 * speaks within a second or two), and the writer takes over the ring once the episode is created.
 */
public record ControlHandoff(SpscRing<ControlRecord> ring, Wakeup consumerWakeup) {
    /** Records the writer may lag behind the reader: minutes at 50 Hz. */
    public static final int CAPACITY = 1 << 13;

    public static ControlHandoff create() {
        Wakeup wakeup = new Wakeup();
        return new ControlHandoff(new SpscRing<>(CAPACITY, ControlRecord::new, wakeup), wakeup);
    }
}
