package drivetape.episode;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.serial.ControlRecord;

/**
 * The ring from the serial reader to the episode writer, and the wakeup of the writer's thread (which the
 * ring does not use: see {@link #create()}). It exists
 * before the episode does: the reader starts the moment the port is open (a board resets on open and
 * speaks within a second or two), and the writer takes over the ring once the episode is created.
 */
public record ControlHandoff(SpscRing<ControlRecord> ring, Wakeup consumerWakeup) {
    /** Records the writer may lag behind the reader: minutes at 50 Hz. */
    public static final int CAPACITY = 1 << 13;

    public static ControlHandoff create() {
        Wakeup wakeup = new Wakeup();
        // The reader does not wake the writer for each record: waking a parked thread is a system call
        // (tens of microseconds on the reader's hot path), and the writer only writes the CSVs on its
        // flush deadline anyway (every 200 ms), when it drains the ring. So the ring signals a Wakeup
        // nobody waits on, which costs one uncontended flag check.
        return new ControlHandoff(new SpscRing<>(CAPACITY, ControlRecord::new, new Wakeup()), wakeup);
    }
}
