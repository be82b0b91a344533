package drivetape.session;

import drivetape.camera.FrameFormat;
import drivetape.episode.EpisodeDirectory;
import drivetape.episode.EpisodeFeed;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeSpec;
import drivetape.episode.EpisodeThread;
import drivetape.format.EpisodeId;
import drivetape.serial.Hello;
import drivetape.serial.ReaderCounters;
import drivetape.timing.TimeBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the session's episodes: names and creates each one's directory, fixes what it records as, and
 * hands its feed to the episode thread; keeps the list of the session's finished episodes.
 */
final class Episodes {
    static final List<String> DEFAULT_CHANNELS = List.of("steering", "throttle");

    private final SessionSettings settings;
    private final EpisodeSpec.CameraLatency cameraLatency;
    private final TimeBase sessionBase;
    private final String sessionId;
    private final String controllerPort;
    private final Supplier<FrameFormat> camera;
    private final ReaderCounters reader;
    private final EpisodeThread thread;
    private final SessionEvents events;
    private final DiskSpace disk;
    private final List<EpisodeResult> finished = new ArrayList<>();
    private int started;

    Episodes(SessionSettings settings, EpisodeSpec.CameraLatency cameraLatency, TimeBase sessionBase, String sessionId, String controllerPort,
             Supplier<FrameFormat> camera, ReaderCounters reader, EpisodeThread thread, SessionEvents events,
             DiskSpace disk) {
        this.settings = settings;
        this.cameraLatency = cameraLatency;
        this.sessionBase = sessionBase;
        this.sessionId = sessionId;
        this.controllerPort = controllerPort;
        this.camera = camera;
        this.reader = reader;
        this.thread = thread;
        this.events = events;
        this.disk = disk;
    }

    /** The usual column names for a board heard only mid-stream, without a hello line. */
    static List<String> guessChannels(int values) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.max(1, values); i++) {
            names.add(i < DEFAULT_CHANNELS.size() ? DEFAULT_CHANNELS.get(i) : "ch" + (i + 1));
        }
        return List.copyOf(names);
    }

    /**
     * Creates the episode starting at {@code startNs} (on the session's time base); null when its directory
     * cannot be created (then the disk is marked full, or the problem said).
     */
    EpisodeFeed open(long startNs, List<String> channels, Hello hello) {
        String id = settings.single() != null && settings.single().episodeId() != null
                ? settings.single().episodeId()
                : EpisodeId.at(Instant.ofEpochSecond(0, startNs));
        Path directory;
        try {
            directory = EpisodeDirectory.create(settings.dataRoot(), id);
        } catch (IOException e) {
            disk.block("cannot create an episode under " + settings.dataRoot() + ": " + e.getMessage());
            events.warn(disk.blockedBy() + "; recording resumes when there is room");
            return null;
        }
        long startNanoTime = startNs - sessionBase.epochNsAtStart() + sessionBase.monotonicNsAtStart();
        TimeBase base = new TimeBase(startNs, startNanoTime);
        FrameFormat format = camera.get();
        List<String> columns = channels != null ? channels : DEFAULT_CHANNELS;
        EpisodeSpec.Controller controller = new EpisodeSpec.Controller(controllerPort, settings.baud(),
                hello == null ? null : "#" + hello.text(), columns, hello != null);
        EpisodeSpec spec = new EpisodeSpec(directory.getFileName().toString(), directory, base, format,
                format.isJpeg() ? null : settings.writing().jpegQuality(), cameraLatency, controller,
                settings.isDrive() ? new EpisodeSpec.SessionRef(sessionId, started) : null, writerSettings());
        started++;
        EpisodeFeed feed = new EpisodeFeed(spec, thread.wakeup(), reader);
        thread.add(feed);
        return feed;
    }

    private Map<String, Object> writerSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue_frames", settings.writing().queueFrames());
        m.put("queue_bytes", settings.writing().queueBytes());
        m.put("writer_threads", settings.writing().writerThreads());
        m.put("pre_roll_s", settings.triggers().preRollS());
        m.put("sync_to_device", settings.syncToDevice());
        return m;
    }

    int started() {
        return started;
    }

    synchronized void finished(EpisodeResult result) {
        finished.add(result);
    }

    synchronized List<EpisodeResult> finished() {
        return List.copyOf(finished);
    }
}
