package drivetape.session;

import drivetape.camera.CameraCapture;
import drivetape.camera.CameraException;
import drivetape.camera.CameraOpener;
import drivetape.camera.FrameFormat;
import drivetape.camera.OpenCvJpegEncoder;
import drivetape.episode.EpisodeFinisher;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeSpec;
import drivetape.episode.EpisodeThread;
import drivetape.episode.FrameWriterPool;
import drivetape.episode.MetadataFile;
import drivetape.handoff.FrameArrival;
import drivetape.handoff.FramePool;
import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import drivetape.live.LiveView;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import drivetape.serial.ControlReader;
import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.serial.LinkOpener;
import drivetape.serial.PingLog;
import drivetape.serial.Pinger;
import drivetape.serial.ReaderCounters;
import drivetape.serial.SerialException;
import drivetape.timing.EnvelopeClock;
import drivetape.timing.FrameTimeRule;
import drivetape.timing.TimeBase;
import drivetape.timing.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A recording session: owns the devices for its whole life (the controller's port and the camera are opened
 * once), turns triggers into episodes, and shuts down in order. {@code drive} runs one for hours, an episode
 * per flip of the transmitter's switch; {@code record} runs one for a single episode. One code path.
 *
 * <p>Threads, each owned by the component that starts it: {@code drivetape-serial} and
 * {@code drivetape-camera} (the sources), {@code drivetape-timeline} (timing, triggers, routing),
 * {@code drivetape-episode} (the CSVs and metadata), {@code drivetape-writer-N} (frame files) and
 * {@code drivetape-finish} (the end of each episode). The caller's thread supervises and prints.
 * Shutdown runs in reverse: sources first (no new data), then the writers drain, then the metadata is
 * finalised.
 */
public final class Session implements AutoCloseable {
    /** How long the camera waits for the controller's first words: an Uno boots in about 1.5 s after reset. */
    static final long CONTROLLER_WAIT_MS = 3000;
    private static final int CONTROL_RING = 1 << 13;
    private static final int FRAME_RING = 1 << 10;

    private final SessionSettings settings;
    private final Listener listener;
    private final TimeBase base;
    private final SpscRing<ControlRecord> controlRing;
    private final SpscRing<FrameArrival> frameRing;
    private final Wakeup timelineWakeup = new Wakeup();
    private final FramePool pool;
    private final ControlReader reader;
    private final CameraCapture capture;
    private final CameraSink cameraSink;
    private final LiveView live = new LiveView(15);
    private final SessionEvents events = new SessionEvents();
    private final Queue<EpisodeResult> results = new ConcurrentLinkedQueue<>();
    private final List<EpisodeResult> finished = new ArrayList<>();
    private AgentRunner serialRunner;
    private AgentRunner cameraRunner;
    private AgentRunner routerRunner;
    private AgentRunner episodeRunner;
    private AgentRunner finisherRunner;
    private AgentRunner pingRunner;
    private final PingLog pings = new PingLog();
    private final Pinger pinger;
    private final String controllerPort;
    private FrameWriterPool writers;
    private EpisodeThread episodeThread;
    private EpisodeFinisher finisher;
    private volatile Router router;
    private DiskSpace disk;
    private Episodes episodes;
    private Timeline timeline;
    private FrameFormat format;
    private EpisodeSpec.CameraLatency cameraLatency = EpisodeSpec.CameraLatency.NONE;
    private volatile boolean closed;

    /** What a command wants to hear about while the session runs (called on the session's thread). */
    public interface Listener {
        /** A line for people: a warning or news (a device came back). */
        default void message(boolean warning, String text) {
        }

        /** An episode's directory exists and it is recording. */
        default void episodeStarted(java.nio.file.Path directory, String text) {
        }

        /** An episode is finished (its final metadata written). */
        default void episodeFinished(EpisodeResult result) {
        }

        /** The session is recording or waiting for a trigger: its timeline runs. */
        default void started() {
        }

        /** Once a second while the session runs. */
        default void status(SessionStatus status) {
        }
    }

    private Session(SessionSettings settings, LinkOpener controller, String controllerPort, CameraOpener camera,
                    Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.controllerPort = controllerPort;
        this.base = TimeBase.anchorNow();
        // The reader does not wake the timeline for each record: waking a parked thread is a system call (tens
        // of microseconds on the reader's hot path); the timeline looks every few milliseconds anyway.
        this.controlRing = new SpscRing<>(CONTROL_RING, ControlRecord::new, new Wakeup());
        this.frameRing = new SpscRing<>(FRAME_RING, FrameArrival::new, timelineWakeup);
        this.pool = new FramePool(settings.writing().queueFrames(), settings.writing().queueBytes());
        this.reader = new ControlReader(controller, controlRing);
        this.cameraSink = new CameraSink(pool, frameRing);
        this.capture = new CameraCapture(camera, cameraSink);
        this.pinger = new Pinger(reader, pings);
    }

    /**
     * Opens the controller's port and the camera (each failure is a one-line exception saying what to do),
     * and starts reading the controller at once: a board resets when its port is opened and talks a second or
     * two later, and every line must be stamped as it arrives.
     */
    public static Session open(SessionSettings settings, LinkOpener controller, String controllerPort,
                               CameraOpener camera, Listener listener) throws SerialException, CameraException {
        ControlReader.warmUp();
        Session s = new Session(settings, controller, controllerPort, camera, listener);
        s.reader.open();
        s.serialRunner = new AgentRunner(s.reader, IdleStrategy.none()).start();
        try {
            s.format = s.capture.open();
            s.cameraLatency = settings.cameraLatency().choose(s.format);
        } catch (CameraException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The live view: newest values and frame, the session's state (for the web page). */
    public LiveView live() {
        return live;
    }

    /** The camera as opened. */
    public FrameFormat format() {
        return format;
    }

    /** The latency frame times are corrected by, chosen when the camera opened. */
    public EpisodeSpec.CameraLatency cameraLatency() {
        return cameraLatency;
    }

    /**
     * Sends a host line ({@code ?blink,40,250\n}) to the board once it has said hello, from the thread that
     * pings it; from any thread, once the session runs.
     *
     * @return false when an earlier line is still waiting to go out
     */
    public boolean sendToBoard(byte[] line) {
        return pinger.send(line);
    }

    /** The controller's reader counts (from any thread). */
    public ReaderCounters controllerCounts() {
        return reader.counters();
    }

    /** Asks the session for something (start, stop, toggle, quit); from any thread. */
    public synchronized void command(Command command) {
        Router r = router;
        if (r != null) {
            r.command(command);
        } else {
            // Before the timeline runs (the board is still booting): kept, and handed over in order.
            early.add(command);
            if (command.kind() == Command.Kind.QUIT) {
                pendingQuit = command;
            }
        }
    }

    private final List<Command> early = new ArrayList<>();
    private volatile Command pendingQuit;

    /**
     * Waits for the controller (at most 3 s), starts capture and the timeline, and supervises until the
     * session ends: on {@code QUIT}, at the end of a {@code record}'s episode, or at the end of a replayed
     * file.
     *
     * @return the finished episodes, oldest first
     */
    public List<EpisodeResult> run() throws InterruptedException {
        // While the board boots: first-time set-up must not delay the first episode's frames.
        MetadataFile.warmUp();
        if (!format.isJpeg()) {
            OpenCvJpegEncoder.warmUp();
        }
        awaitController();
        Hello hello = reader.counters().hello();
        RecordSwitch recordSwitch = settings.triggers().recordSwitch();
        if (recordSwitch != null && hello != null && !hello.channels().contains(recordSwitch.channel())) {
            throw new SessionException("--record-switch " + recordSwitch.channel() + ": the board announces no such"
                    + " channel; its channels are " + String.join(",", hello.channels())
                    + " (pick one of them, or flash firmware that reads the switch)");
        }
        startPipeline();
        listener.started();
        supervise();
        return List.copyOf(finished);
    }

    private void awaitController() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONTROLLER_WAIT_MS);
        while (System.nanoTime() < deadline && pendingQuit == null && reader.connected()) {
            ReaderCounters c = reader.counters();
            if (c.hello() != null || c.samples() > 0 || c.events() > 0) {
                return;
            }
            Thread.sleep(10);
        }
        if (pendingQuit == null && reader.connected()) {
            listener.message(true, "no data from the controller on " + controllerPort + " after "
                    + CONTROLLER_WAIT_MS / 1000 + " s (is it the right port, and does --baud match the firmware?);"
                    + " recording anyway");
        }
    }

    private void startPipeline() throws InterruptedException {
        timeline = new Timeline(base, new EnvelopeClock(), settings.baud(),
                FrameTimeRule.ofLatencyMs(format.hasDeviceTimestamps(), cameraLatency.latencyMs()));
        timeline.pings(pings);
        disk = new DiskSpace(settings.dataRoot());
        disk.measure();
        Wakeup episodeWakeup = new Wakeup();
        SessionSettings.Writing w = settings.writing();
        writers = new FrameWriterPool(pool, OpenCvJpegEncoder::new, w.jpegQuality(), settings.syncToDevice(),
                episodeWakeup);
        writers.start(w.writerThreads(), !format.isJpeg());
        finisher = new EpisodeFinisher(results::add);
        Router[] routerRef = new Router[1];
        episodeThread = new EpisodeThread(episodeWakeup, () -> routerRef[0].clockFit(), writers, finisher,
                w.writerTimeoutMillis(), settings.syncToDevice());
        String sessionId = "s" + drivetape.format.EpisodeId.at(Instant.ofEpochSecond(0, base.epochNsAtStart()));
        episodes = new Episodes(settings, cameraLatency, base, sessionId, controllerPort, capture::format, reader.counters(),
                episodeThread, events, disk);
        router = new Router(settings, timeline, controlRing, frameRing, timelineWakeup, pool, writers,
                episodeThread, live, episodes, events, disk, reader.counters().hello(), System.nanoTime());
        routerRef[0] = router;
        synchronized (this) {
            for (Command c : early) {
                router.command(c);
            }
            early.clear();
        }
        finisherRunner = new AgentRunner(finisher, IdleStrategy.none()).start();
        episodeRunner = new AgentRunner(episodeThread, IdleStrategy.none()).start();
        routerRunner = new AgentRunner(router, IdleStrategy.none()).start();
        cameraRunner = new AgentRunner(capture, IdleStrategy.none()).start();
        // The two-way clock: pings a board that announces caps=ping, never from the reading thread.
        pingRunner = new AgentRunner(pinger, IdleStrategy.none()).start();
    }

    private void supervise() throws InterruptedException {
        long nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (true) {
            events.drain(this::tell);
            EpisodeResult r;
            while ((r = results.poll()) != null) {
                episodes.finished(r);
                finished.add(r);
                listener.episodeFinished(r);
            }
            if (router.done() && episodeThread.open() == 0 && finisher.pending() == 0) {
                break;
            }
            Throwable failed = failure();
            if (failed != null && !router.quitting()) {
                listener.message(true, "internal failure (" + failed + "): ending the session");
                router.command(Command.now(Command.Kind.QUIT, "internal failure"));
            }
            long now = System.nanoTime();
            if (now - nextStatus >= 0 && !router.quitting()) {
                listener.status(status(now));
                nextStatus += TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(20);
        }
        events.drain(this::tell);
    }

    private void tell(SessionEvents.Message m) {
        if (m.episode() != null) {
            listener.episodeStarted(m.episode(), m.text());
        } else {
            listener.message(m.warning(), m.text());
        }
    }

    private Throwable failure() {
        for (AgentRunner runner : new AgentRunner[] {serialRunner, cameraRunner, routerRunner, episodeRunner,
                finisherRunner, pingRunner}) {
            if (runner != null && runner.failure() != null) {
                return runner.failure();
            }
        }
        return null;
    }

    /** The session as it stands, for the status line and the web page. */
    public SessionStatus status(long nowNanos) {
        return SessionStatus.of(this, nowNanos);
    }

    // Package-private views for SessionStatus.
    Router router() {
        return router;
    }

    TimeBase timeBase() {
        return base;
    }

    FramePool pool() {
        return pool;
    }

    FrameWriterPool writers() {
        return writers;
    }

    Episodes episodes() {
        return episodes;
    }

    DiskSpace disk() {
        return disk;
    }

    SessionSettings settings() {
        return settings;
    }

    CameraCapture capture() {
        return capture;
    }

    ControlReader reader() {
        return reader;
    }

    CameraSink cameraSink() {
        return cameraSink;
    }

    /**
     * Stops every thread: the sources first (no new data), then the timeline, the episode thread (which hands
     * what is still open to the finisher), the finisher (which finishes it), the frame writers. Safe to call
     * more than once.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        close(pingRunner);
        close(cameraRunner);
        if (cameraRunner == null) {
            capture.closeUnstarted();
        }
        close(serialRunner);
        if (serialRunner == null) {
            reader.onClose();
        }
        close(routerRunner);
        close(episodeRunner);
        close(finisherRunner);
        if (writers != null) {
            writers.close();
        }
        events.drain(this::tell);
        EpisodeResult r;
        while ((r = results.poll()) != null) {
            finished.add(r);
            listener.episodeFinished(r);
        }
    }

    private static void close(AgentRunner runner) {
        if (runner != null) {
            runner.close();
        }
    }
}
