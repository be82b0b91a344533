package drivetape.session;

import drivetape.episode.EpisodeFeed;
import drivetape.episode.EpisodeThread;
import drivetape.episode.FrameWriterPool;
import drivetape.episode.Outage;
import drivetape.format.EpisodeStatus;
import drivetape.handoff.FrameArrival;
import drivetape.handoff.FramePool;
import drivetape.handoff.FrameSlot;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.live.LiveView;
import drivetape.runner.Agent;
import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.serial.RecordKind;
import drivetape.timing.ClockFit;
import drivetape.timing.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The thread {@code drivetape-timeline}: the middle of a session. It drains what the sources hand over,
 * gives every record and frame its time (through the {@link Timeline}), watches the triggers, and routes
 * each record and frame into the episode whose span holds its time, into the pre-roll, or back to the pool.
 * It is the single writer of the recording state: every start and end of an episode is decided here.
 *
 * <p>Boundaries follow the data, not the arrival: an episode started by a switch sample begins at that
 * sample's t_ns, so its first frame is the first one at or after it. A frame is therefore held until the
 * controls that could decide about it have arrived (the newest sample's t_ns has passed it; when the
 * controller is silent, a quarter second at most).
 */
final class Router implements Agent {
    static final String THREAD_NAME = "drivetape-timeline";
    /** The longest a frame is held waiting for controls when the controller is silent. */
    static final long HOLD_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    private final SessionSettings settings;
    private final Timeline timeline;
    private final SpscRing<ControlRecord> controls;
    private final SpscRing<FrameArrival> frames;
    private final Wakeup wakeup;
    private final FramePool pool;
    private final FrameWriterPool writers;
    private final EpisodeThread episodeThread;
    private final LiveView live;
    private final Episodes episodes;
    private final Queue<Command> commands = new ConcurrentLinkedQueue<>();
    private final FrameQueue pending = new FrameQueue();
    private final FrameQueue preRoll = new FrameQueue();
    private final ControlHistory history;
    private final long preRollNs;
    private final List<Open> open = new ArrayList<>();
    private final SwitchWatcher switchWatcher;
    private final ThrottleWatcher throttleWatcher;
    private final SessionEvents events;
    private final DiskSpace disk;

    private volatile Open current;
    private boolean wanted;
    private volatile boolean quitting;
    private volatile boolean done;
    private volatile ClockFit clockFit;
    private Hello hello;
    private List<String> channels;
    private int switchChannel = -1;
    private int throttleChannel = -1;
    private long lastSampleTNs = Long.MIN_VALUE;
    private long lastSampleArrival;
    private volatile boolean controllerUp = true;
    private volatile boolean cameraUp = true;
    private boolean cameraEnded;
    private long nextSecond;
    private long nextClockFit;

    /** An episode the router is feeding: from its start to its end (once decided). */
    private static final class Open {
        final EpisodeFeed feed;
        final long startNs;
        /** Control records from this time on belong to it (record: all since the port was opened). */
        final long controlsFromNs;
        long endNs = Long.MAX_VALUE;
        EpisodeStatus endStatus;
        String endReason;

        Open(EpisodeFeed feed, long startNs, long controlsFromNs) {
            this.feed = feed;
            this.startNs = startNs;
            this.controlsFromNs = controlsFromNs;
        }
    }

    Router(SessionSettings settings, Timeline timeline, SpscRing<ControlRecord> controls,
           SpscRing<FrameArrival> frames, Wakeup wakeup, FramePool pool, FrameWriterPool writers,
           EpisodeThread episodeThread, LiveView live, Episodes episodes, SessionEvents events, DiskSpace disk,
           Hello helloSoFar, long singleStartNanoTime) {
        this.settings = settings;
        this.timeline = timeline;
        this.controls = controls;
        this.frames = frames;
        this.wakeup = wakeup;
        this.pool = pool;
        this.writers = writers;
        this.episodeThread = episodeThread;
        this.live = live;
        this.episodes = episodes;
        this.events = events;
        this.disk = disk;
        Triggers t = settings.triggers();
        this.preRollNs = Math.round(t.preRollS() * 1e9);
        this.history = preRollNs > 0 ? new ControlHistory(t.preRollS()) : null;
        this.switchWatcher = t.recordSwitch() == null ? null : new SwitchWatcher(t.recordSwitch().thresholdUs());
        this.throttleWatcher = t.throttleIdleS() == null ? null : new ThrottleWatcher(t.throttleIdleS());
        this.clockFit = timeline.fit();
        this.helloSoFar = helloSoFar;
        this.singleStartNanoTime = singleStartNanoTime;
    }

    private final Hello helloSoFar;
    private long startedNanoTime;
    private final long singleStartNanoTime;

    /**
     * The board's hello as the reader already saw it (its record still waits in the ring) names the columns
     * from the start; {@code record}'s one episode begins before anything is routed, so it holds every
     * control record since the port was opened, as a board's first lines after its reset.
     */
    @Override
    public void onStart() {
        startedNanoTime = System.nanoTime();
        if (helloSoFar != null) {
            hello = helloSoFar;
            channels = helloSoFar.channels();
            timeline.onHello(helloSoFar);
            live.channels(channels);
            resolveTriggerChannels();
        }
        if (settings.single() != null) {
            wanted = true;
            startEpisode(timeline.timeBase().toEpochNs(singleStartNanoTime), "record", Long.MIN_VALUE);
        }
    }

    @Override
    public String name() {
        return THREAD_NAME;
    }

    /** From any thread. */
    void command(Command c) {
        commands.add(c);
        wakeup.signal();
    }

    /** The clock fit as of the last half second, for any thread. */
    ClockFit clockFit() {
        return clockFit;
    }

    /** True once the session was asked to end and every episode has been handed to the episode thread. */
    boolean done() {
        return done;
    }

    Hello hello() {
        return hello;
    }

    @Override
    public int doWork() {
        int work = 0;
        Command c;
        while ((c = commands.poll()) != null) {
            // What the controller sent before the command was given is taken first: a start or stop "now"
            // is placed among the records in the order they happened.
            work += drainControls(c.nanoTime());
            apply(c);
            work++;
        }
        work += drainControls(Long.MAX_VALUE);
        work += drainFrames();
        long now = System.nanoTime();
        checkDuration(now);
        decideFrames(now);
        checkEnds();
        if (now - nextSecond >= 0) {
            everySecond(now);
            nextSecond = now + SECOND_NS;
        }
        if (now - nextClockFit >= 0) {
            clockFit = timeline.fit();
            nextClockFit = now + SECOND_NS / 2;
        }
        if (work == 0) {
            wakeup.await(IDLE_NS);
        }
        return work;
    }

    @Override
    public void onClose() {
        // A session closed without quitting (start-up failed): whatever is open ends where it is.
        drainControls(Long.MAX_VALUE);
        drainFrames();
        endAll(System.nanoTime(), EpisodeStatus.INTERRUPTED, "recorder stopped");
    }

    // ---- commands and triggers ----

    private void apply(Command c) {
        // A command given while the session was still starting takes effect as it starts.
        long t = timeline.timeBase().toEpochNs(Math.max(c.nanoTime(), startedNanoTime));
        switch (c.kind()) {
            case START -> want(true, t, c.reason());
            case STOP -> want(false, t, c.reason());
            case TOGGLE -> want(!wanted, t, c.reason());
            case QUIT -> {
                quitting = true;
                wanted = false;
                endCurrent(t, EpisodeStatus.COMPLETE, c.reason());
            }
        }
    }

    /** The recording should be on (or off) from {@code tNs}. */
    private void want(boolean on, long tNs, String reason) {
        if (quitting) {
            return;
        }
        wanted = on;
        if (on && current == null && !disk.blocked()) {
            startEpisode(tNs, reason, tNs - preRollNs);
        } else if (!on && current != null) {
            endCurrent(tNs, EpisodeStatus.COMPLETE, reason);
        }
    }

    private void startEpisode(long tNs, String reason, long controlsFromNs) {
        long startNs = tNs - preRollNs;
        EpisodeFeed feed = episodes.open(startNs, channels, hello);
        if (feed == null) {
            return; // cannot create the directory (disk full): said by Episodes, retried when space is back
        }
        Open episode = new Open(feed, startNs, controlsFromNs);
        current = episode;
        open.add(episode);
        if (history != null) {
            history.replayFrom(startNs, feed::addControl);
        }
        // Pre-roll frames in its span join it, oldest first; older ones go back to the pool.
        while (!preRoll.isEmpty()) {
            FrameQueue.Held h = preRoll.oldest();
            if (h.tNs >= startNs) {
                feed.addFrame(h.slot, h.receiveNs, h.tNs, writers, pool);
            } else if (h.slot != null) {
                pool.recycle(h.slot);
            }
            preRoll.removeOldest();
        }
        events.episodeStarted(feed.spec(), reason);
    }

    /** Decides the end of the current episode; its feed ends once every frame before the end is routed. */
    private void endCurrent(long tNs, EpisodeStatus status, String reason) {
        if (current == null) {
            return;
        }
        current.endNs = Math.max(tNs, current.startNs);
        current.endStatus = status;
        current.endReason = reason;
        current = null;
    }

    private void endAll(long nanoTime, EpisodeStatus status, String reason) {
        endCurrent(timeline.timeBase().toEpochNs(nanoTime), status, reason);
        for (Open o : open) {
            if (o.endStatus == null) {
                o.endNs = timeline.timeBase().toEpochNs(nanoTime);
                o.endStatus = status;
                o.endReason = reason;
            }
            finish(o);
        }
        open.clear();
    }

    /** Ends the feeds whose end every frame has passed. */
    private void checkEnds() {
        long decided = decidedUntil(System.nanoTime());
        for (int i = 0; i < open.size(); i++) {
            Open o = open.get(i);
            if (o.endStatus != null && (decided >= o.endNs || pending.isEmpty() && (!cameraUp || cameraEnded))) {
                finish(o);
                open.remove(i--);
            } else if (o.endStatus == null && o.feed.failure() != null) {
                // The episode's files cannot be written (disk full): it ends here, and no new one starts
                // until there is room again.
                disk.block(o.feed.failure());
                events.warn(o.feed.failure() + (settings.isDrive()
                        ? ": the episode ends here; recording resumes when there is room" : ""));
                if (o == current) {
                    endCurrent(timeline.timeBase().toEpochNs(System.nanoTime()), EpisodeStatus.INTERRUPTED,
                            o.feed.failure());
                }
            }
        }
        if (writers.diskFull() != null && current != null) {
            disk.block(writers.diskFull());
            events.warn(writers.diskFull() + (settings.isDrive()
                    ? ": the episode ends here; recording resumes when there is room" : ""));
            endCurrent(timeline.timeBase().toEpochNs(System.nanoTime()), EpisodeStatus.INTERRUPTED,
                    writers.diskFull());
        }
        if (!settings.isDrive() && disk.blocked() && !quitting) {
            // record has one episode: a full disk ends it, and with it the session.
            quitting = true;
            wanted = false;
        }
        if (quitting && open.isEmpty() && current == null) {
            done = true;
        }
    }

    private void finish(Open o) {
        long endNanoTime = o.endNs - timeline.timeBase().epochNsAtStart() + timeline.timeBase().monotonicNsAtStart();
        o.feed.end(new EpisodeFeed.End(o.endStatus, o.endReason, endNanoTime, timeline.finalMapping(),
                timeline.fitAll()));
    }

    /** {@code record --duration}: the episode ends that long after it started, and with it the session. */
    private void checkDuration(long nowNanos) {
        Open c = current;
        SessionSettings.Single single = settings.single();
        if (c == null || single == null || single.durationS() == null) {
            return;
        }
        long end = c.startNs + Math.round(single.durationS() * 1e9);
        if (timeline.timeBase().toEpochNs(nowNanos) >= end) {
            endCurrent(end, EpisodeStatus.COMPLETE, "duration reached");
            quitting = true;
        }
    }

    // ---- controls ----

    /** Takes the records read up to {@code untilNanoTime} (System.nanoTime()). */
    private int drainControls(long untilNanoTime) {
        int n = 0;
        ControlRecord r;
        while ((r = controls.peek()) != null && r.receiveNanoTime - untilNanoTime <= 0) {
            onControl(r);
            controls.release();
            n++;
        }
        return n;
    }

    private void onControl(ControlRecord r) {
        r.receiveNs = timeline.receiveNs(r);
        switch (r.kind) {
            case SAMPLE -> onSample(r);
            case EVENT -> {
                r.tNs = timeline.controlTimeNs(r);
                // A pong is also kept in events.csv: the format holds one row per event record.
                timeline.onPong(r);
                route(r);
            }
            case HELLO -> onHello(r);
            case LINK_DOWN -> onLinkDown(r.receiveNs);
            case LINK_UP -> onLinkUp(r.receiveNs);
            default -> {
                // Other info lines: nothing to record.
            }
        }
    }

    private void onSample(ControlRecord r) {
        r.tNs = timeline.controlTimeNs(r);
        if (channels == null) {
            channels = Episodes.guessChannels(r.valueCount);
            live.channels(channels);
            resolveTriggerChannels();
        }
        lastSampleTNs = Math.max(lastSampleTNs, r.tNs);
        lastSampleArrival = r.receiveNanoTime;
        live.values(r.values, r.valueCount, r.tNs);
        if (switchWatcher != null && switchChannel >= 0 && switchChannel < r.valueCount) {
            int change = switchWatcher.onSample(r.values[switchChannel]);
            if (change != 0) {
                want(change > 0, r.tNs, "switch " + settings.triggers().recordSwitch().channel()
                        + (change > 0 ? " on" : " off"));
            }
        }
        if (throttleWatcher != null && throttleChannel >= 0 && throttleChannel < r.valueCount) {
            int change = throttleWatcher.onSample(r.values[throttleChannel], r.tNs);
            if (change > 0) {
                want(true, r.tNs, "throttle");
            } else if (change < 0) {
                want(false, throttleWatcher.endNs(), "throttle idle");
            }
        }
        Double maxS = settings.triggers().maxEpisodeS();
        if (maxS != null && current != null && r.tNs - (current.startNs + preRollNs) >= maxS * 1e9) {
            long split = current.startNs + preRollNs + Math.round(maxS * 1e9);
            endCurrent(split, EpisodeStatus.COMPLETE, "--max-episode reached");
            if (wanted && !disk.blocked()) {
                startEpisode(split + preRollNs, "--max-episode reached", split);
            }
        }
        route(r);
    }

    /** Into every open episode whose span holds the record's time, and the pre-roll history. */
    private void route(ControlRecord r) {
        for (Open o : open) {
            if (r.tNs >= o.controlsFromNs && r.tNs <= o.endNs && o.feed.failure() == null && !o.feed.ending()) {
                o.feed.addControl(r);
            }
        }
        if (history != null) {
            history.add(r);
        }
    }

    private void onHello(ControlRecord r) {
        Hello next = Hello.parse(r.nameText());
        if (next == null) {
            return;
        }
        r.tNs = r.receiveNs;
        timeline.onHello(next);
        boolean changed = channels != null && !channels.equals(next.channels());
        hello = next;
        channels = next.channels();
        live.channels(channels);
        resolveTriggerChannels();
        if (changed) {
            events.warn("the board now announces channels " + String.join(",", channels)
                    + (current != null && settings.isDrive() ? ": the episode ends and a new one starts with them"
                    : ": samples that do not fit the episode's columns are counted, not recorded"));
            if (current != null && settings.isDrive()) {
                long t = r.receiveNs;
                endCurrent(t, EpisodeStatus.COMPLETE, "board changed its channels");
                if (wanted && !disk.blocked()) {
                    startEpisode(t + preRollNs, "board changed its channels", t);
                }
            }
        }
        // The episode keeps the hello that names its columns, for its metadata.
        route(r);
    }

    private void resolveTriggerChannels() {
        Triggers t = settings.triggers();
        switchChannel = t.recordSwitch() == null ? -1 : channels.indexOf(t.recordSwitch().channel());
        throttleChannel = channels.indexOf("throttle");
    }

    private void onLinkDown(long atNs) {
        controllerUp = false;
        for (Open o : open) {
            o.feed.outageStarted(Outage.CONTROLLER, atNs);
        }
        events.controllerLost(atNs);
        if (!settings.isDrive()) {
            endCurrent(atNs, EpisodeStatus.INTERRUPTED, "serial link lost");
            quitting = true;
        }
    }

    private void onLinkUp(long atNs) {
        controllerUp = true;
        for (Open o : open) {
            o.feed.outageEnded(Outage.CONTROLLER, atNs);
        }
        events.controllerBack(atNs);
    }

    // ---- frames ----

    private int drainFrames() {
        int n = 0;
        FrameArrival a;
        while ((a = frames.peek()) != null) {
            switch (a.kind) {
                case FrameArrival.FRAME -> {
                    long receiveNs = timeline.timeBase().toEpochNs(a.receiveNanoTime);
                    long tNs = timeline.frameTimeNs(a.receiveNanoTime, a.deviceTimestampUs);
                    if (a.slot != null) {
                        a.slot.tNs = tNs;
                    }
                    pending.add(a.slot, receiveNs, tNs);
                }
                case FrameArrival.CAMERA_LOST -> onCameraLost(timeline.timeBase().toEpochNs(a.receiveNanoTime),
                        a.message);
                case FrameArrival.CAMERA_BACK -> onCameraBack(timeline.timeBase().toEpochNs(a.receiveNanoTime));
                case FrameArrival.END -> onCameraEnd(timeline.timeBase().toEpochNs(a.receiveNanoTime));
                default -> {
                }
            }
            a.slot = null;
            frames.release();
            n++;
        }
        return n;
    }

    /**
     * How far in time every frame can be decided: up to the newest sample's time while the controller
     * talks (a trigger in a later sample cannot reach back before it), else up to a quarter second ago.
     */
    private long decidedUntil(long nowNanos) {
        long now = timeline.timeBase().toEpochNs(nowNanos);
        if (quitting || cameraEnded) {
            return Long.MAX_VALUE;
        }
        boolean talking = controllerUp && lastSampleTNs != Long.MIN_VALUE && nowNanos - lastSampleArrival < HOLD_NS;
        return talking ? lastSampleTNs : now - HOLD_NS;
    }

    private void decideFrames(long nowNanos) {
        long until = decidedUntil(nowNanos);
        while (!pending.isEmpty() && pending.oldest().tNs <= until) {
            FrameQueue.Held h = pending.oldest();
            routeFrame(h, nowNanos);
            pending.removeOldest();
        }
    }

    private void routeFrame(FrameQueue.Held h, long nowNanos) {
        FrameSlot slot = h.slot;
        if (slot != null && live.wantsFrame(nowNanos)) {
            live.frame(slot.data, slot.jpeg, slot.width, slot.height, slot.stride, h.tNs, nowNanos);
        }
        for (Open o : open) {
            if (h.tNs >= o.startNs && h.tNs < o.endNs && o.feed.failure() == null && !o.feed.ending()) {
                o.feed.addFrame(slot, h.receiveNs, h.tNs, writers, pool);
                return;
            }
        }
        if (preRollNs > 0 && !quitting) {
            FrameQueue.Held kept = preRoll.add(slot, h.receiveNs, h.tNs);
            while (!preRoll.isEmpty() && preRoll.oldest().tNs < kept.tNs - preRollNs) {
                if (preRoll.oldest().slot != null) {
                    pool.recycle(preRoll.oldest().slot);
                }
                preRoll.removeOldest();
            }
        } else if (slot != null) {
            pool.recycle(slot);
        }
    }

    private void onCameraLost(long atNs, String why) {
        cameraUp = false;
        for (Open o : open) {
            o.feed.outageStarted(Outage.CAMERA, atNs);
        }
        events.cameraLost(atNs, why);
        if (!settings.isDrive()) {
            endCurrent(atNs, EpisodeStatus.INTERRUPTED, "camera stopped: " + why);
            quitting = true;
        }
    }

    private void onCameraBack(long atNs) {
        cameraUp = true;
        for (Open o : open) {
            o.feed.outageEnded(Outage.CAMERA, atNs);
        }
        events.cameraBack(atNs);
    }

    private void onCameraEnd(long atNs) {
        cameraEnded = true;
        endCurrent(atNs, EpisodeStatus.COMPLETE, "end of the video");
        quitting = true;
    }

    // ---- once a second ----

    private void everySecond(long nowNanos) {
        if (disk.blocked() && disk.roomAgain()) {
            writers.clearDiskFull();
            events.info("there is room on the disk again: recording resumes");
            if (wanted && current == null && !quitting) {
                long now = timeline.timeBase().toEpochNs(nowNanos);
                startEpisode(now, "room on the disk again", now - preRollNs);
            }
        }
    }

    // ---- for the status line (read on other threads: each value current on its own) ----

    boolean recording() {
        return current != null;
    }

    EpisodeFeed currentFeed() {
        Open c = current;
        return c == null ? null : c.feed;
    }

    long currentStartNs() {
        Open c = current;
        return c == null ? 0 : c.startNs + preRollNs;
    }

    boolean controllerUp() {
        return controllerUp;
    }

    boolean cameraUp() {
        return cameraUp;
    }

    boolean quitting() {
        return quitting;
    }

    /** Frames held for routing or as pre-roll. */
    int heldFrames() {
        return pending.size() + preRoll.size();
    }

}
