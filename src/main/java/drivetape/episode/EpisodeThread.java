package drivetape.episode;

import drivetape.handoff.Wakeup;
import drivetape.runner.Agent;
import drivetape.timing.ClockFit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The thread {@code drivetape-episode}: the sink of every episode of a session. It opens each new episode's
 * files, drains the feeds into them, and once an episode has ended and its last frames are settled, closes
 * its CSVs and hands it to the {@link EpisodeFinisher}. More than one episode can be open at once (the
 * last frames of one still being written while the next has begun).
 */
public final class EpisodeThread implements Agent {
    private static final long MAX_IDLE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Wakeup wakeup;
    private final Queue<EpisodeFeed> opened = new ConcurrentLinkedQueue<>();
    private final List<EpisodeWriter> writers = new ArrayList<>();
    private final Supplier<ClockFit> clock;
    private final FrameWriterPool frameWriters;
    private final EpisodeFinisher finisher;
    private final long writerTimeoutNanos;
    private final boolean syncToDevice;
    private volatile int open;

    public EpisodeThread(Wakeup wakeup, Supplier<ClockFit> clock, FrameWriterPool frameWriters,
                         EpisodeFinisher finisher, long writerTimeoutMillis, boolean syncToDevice) {
        this.wakeup = wakeup;
        this.clock = clock;
        this.frameWriters = frameWriters;
        this.finisher = finisher;
        this.writerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writerTimeoutMillis);
        this.syncToDevice = syncToDevice;
    }

    @Override
    public String name() {
        return "drivetape-episode";
    }

    /** The wakeup every feed of this thread signals. */
    public Wakeup wakeup() {
        return wakeup;
    }

    /** From the timeline thread: a new episode, whose directory exists, starts being fed. */
    public void add(EpisodeFeed feed) {
        open++;
        opened.add(feed);
        wakeup.signal();
    }

    /** Episodes being written or not yet handed to the finisher. */
    public int open() {
        return open;
    }

    @Override
    public int doWork() {
        int work = 0;
        EpisodeFeed feed;
        while ((feed = opened.poll()) != null) {
            try {
                EpisodeWriter writer = EpisodeWriter.open(feed, clock, syncToDevice);
                feed.attach(writer);
                writers.add(writer);
            } catch (IOException e) {
                feed.fail(DiskFull.is(e) ? "disk full: cannot create the episode's files"
                        : "cannot create the episode's files: " + e.getMessage());
                open--;
            }
            work++;
        }
        long now = System.nanoTime();
        long next = now + MAX_IDLE_NS;
        String diskFull = frameWriters.diskFull();
        for (Iterator<EpisodeWriter> it = writers.iterator(); it.hasNext(); ) {
            EpisodeWriter writer = it.next();
            if (diskFull != null) {
                writer.fail(diskFull);
            }
            work += writer.drain();
            next = Math.min(next, writer.tick(now));
            if (writer.readyToClose(writerTimeoutNanos)) {
                ClosedEpisode closed = writer.close();
                finisher.submit(closed, closed.end().fit() != null ? closed.end().fit() : clock.get());
                it.remove();
                open--;
                work++;
            }
        }
        if (work == 0) {
            wakeup.await(Math.max(0, next - System.nanoTime()));
        }
        return work;
    }

    /** Closes whatever is still open (the session is going down after its last episode ended). */
    @Override
    public void onClose() {
        for (EpisodeWriter writer : writers) {
            writer.drain();
            finisher.submit(writer.close(), clock.get());
        }
        writers.clear();
        open = 0;
    }
}
