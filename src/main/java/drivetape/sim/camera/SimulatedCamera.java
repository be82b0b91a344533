package drivetape.sim.camera;

import drivetape.camera.OpenCvJpegEncoder;
import drivetape.sim.LedTimeline;
import drivetape.sim.SimClock;
import drivetape.sim.TruthFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated IP camera for calibrating camera latency: thread "drivetape-sim-camera" renders a frame per
 * period of true time, with the simulated LED drawn as it was during the frame's exposure, encodes it with
 * the project's JPEG encoder, and at exactly exposure + latency hands it to the {@link MjpegServer}'s
 * clients.
 *
 * <p>Frame n's exposure is centred on {@code n / fps} s after the simulation's origin. Each JPEG carries
 * its truth in a COM segment, {@code drivetape-truth t_ns=<epoch ns of the exposure's middle> frame=<n>
 * led=<fraction of the exposure the LED was lit>}, and the same goes to the truth file as a {@code frame}
 * row. Being late (a slow machine) makes a frame late, never early; a frame more than a period late is
 * skipped, as a real camera drops frames. Nothing here waits on a client: a slow or vanished client only
 * loses frames of its own. During a configured outage the camera is gone, as a camera that lost power or
 * WiFi: at the first frame due inside the range the server drops its clients and refuses new ones, the
 * frames due in it are neither sent nor written to the truth file, and at the first frame due after it the
 * server listens again on the same port (so the edges are exact to a frame period). When the frames end
 * (the duration passed, or {@link #close()}), every client's stream ends too.
 */
public final class SimulatedCamera implements AutoCloseable {
    static final String COMMENT_PREFIX = "drivetape-truth";
    private static final int JPEG_QUALITY = 80;
    private static final long SPIN_NANOS = 300_000;
    /** How long a frame waits for the controller to say how far the LED is known before it is drawn anyway. */
    private static final long SETTLE_WAIT_NANOS = 1_000_000_000L;

    private final CameraSimConfig config;
    private final LatestFrame latest;
    private final MjpegServer server;
    private final String host;
    private Thread thread;
    private volatile boolean stopRequested;
    private boolean comeBackFailed; // camera thread only
    private volatile long framesSent;
    private volatile long framesSkipped;
    private volatile long framesUnsettled;
    private volatile long framesInOutages;

    private SimulatedCamera(CameraSimConfig config, LatestFrame latest, MjpegServer server, String host) {
        this.config = config;
        this.latest = latest;
        this.server = server;
        this.host = host;
    }

    /**
     * Loads the JPEG encoder (which takes a moment the first time) and starts serving on {@code address}
     * (port 0: any free port). Frames come once {@link #start} is called.
     */
    public static SimulatedCamera bind(InetSocketAddress address, CameraSimConfig config) throws IOException {
        OpenCvJpegEncoder.warmUp();
        LatestFrame latest = new LatestFrame();
        MjpegServer server = MjpegServer.start(address, latest);
        return new SimulatedCamera(config, latest, server, address.getHostString());
    }

    /** The stream's address, e.g. {@code http://127.0.0.1:8081/stream} (any path serves the stream). */
    public URI url() {
        return URI.create("http://" + host + ":" + server.address().getPort() + "/stream");
    }

    public CameraSimConfig config() {
        return config;
    }

    /**
     * Starts the frames: exposures timed from {@code clock}'s origin, the LED from {@code leds}, a row per
     * frame into {@code truth} (null for none), until a frame's send time passes {@code duration}.
     */
    public synchronized void start(SimClock clock, LedTimeline leds, TruthFile truth, Duration duration) {
        if (thread != null) {
            throw new IllegalStateException("the camera is already started");
        }
        leds.watch();
        long durationNanos = saturatedNanos(duration);
        thread = new Thread(() -> run(clock, leds, truth, durationNanos), "drivetape-sim-camera");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(SimClock clock, LedTimeline leds, TruthFile truth, long durationNanos) {
        int width = config.width();
        int height = config.height();
        FramePainter painter = new FramePainter(width, height);
        ByteBuffer bgr = ByteBuffer.allocateDirect(width * height * 3);
        byte[] jpegOut = new byte[width * height * 3 / 2 + 1024];
        byte[] comment = new byte[128];
        StringBuilder text = new StringBuilder(128);
        long half = config.exposureNanos() / 2;
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            long frame = config.firstFrameAfter(clock.sinceOrigin());
            while (!stopRequested) {
                long middle = config.exposureMiddleNanos(frame);
                long send = config.sendNanos(frame);
                if (send > durationNanos) {
                    break;
                }
                if (config.inOutage(send)) {
                    if (!sleepUntil(clock.monoNanos(send), true)) {
                        break;
                    }
                    server.goDark();
                    framesInOutages = framesInOutages + 1;
                    frame++;
                    continue;
                }
                long from = middle - half;
                long to = from + config.exposureNanos();
                if (!sleepUntil(clock.monoNanos(to), false)) {
                    break;
                }
                awaitSettled(leds, to);
                int ledMilli = (int) Math.round(leds.litFraction(from, to) * 1000);
                painter.paint(bgr, middle, ledMilli);
                ByteBuffer jpeg = encoder.encode(bgr, width, height, width * 3, JPEG_QUALITY);
                int commentLength = comment(text, comment, clock.epochNanos(middle), frame, ledMilli);
                if (jpegOut.length < jpeg.remaining() + 4 + commentLength) {
                    jpegOut = new byte[jpeg.remaining() * 2 + 1024];
                }
                int length = JpegComment.insert(jpeg, comment, commentLength, jpegOut);
                if (!sleepUntil(clock.monoNanos(send), true)) {
                    break;
                }
                if (!server.listening() && !comeBack()) {
                    framesInOutages = framesInOutages + 1; // still gone: not sent
                    frame++;
                    continue;
                }
                latest.publish(jpegOut, length, frame);
                if (truth != null) {
                    truth.addFrame(frame, middle, ledMilli);
                }
                framesSent = framesSent + 1;
                frame++;
                long now = clock.sinceOrigin();
                while (config.sendNanos(frame) < now - config.periodNanos()) {
                    frame++; // more than a frame behind: drop, as a camera does
                    framesSkipped = framesSkipped + 1;
                }
            }
        } finally {
            latest.close(); // the last frame is out: every client's stream ends
        }
    }

    /** Ends an outage; when the port was taken meanwhile, the camera stays gone and says so once. */
    private boolean comeBack() {
        try {
            server.comeBack();
            return true;
        } catch (IOException e) {
            if (!comeBackFailed) {
                comeBackFailed = true;
                System.err.println("drivetape simulate: the camera cannot listen on " + server.address()
                        + " again after its outage (" + e.getMessage() + "); it stays gone");
            }
            return false;
        }
    }

    /** Waits (briefly, polling) until every LED switch up to {@code nanos} is known. */
    private void awaitSettled(LedTimeline leds, long nanos) {
        long giveUp = System.nanoTime() + SETTLE_WAIT_NANOS;
        while (leds.settledUntil() < nanos && !stopRequested) {
            if (System.nanoTime() > giveUp) {
                framesUnsettled = framesUnsettled + 1;
                return;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** {@code drivetape-truth t_ns=<epoch ns> frame=<n> led=<fraction>} into {@code to}, ASCII. */
    private static int comment(StringBuilder text, byte[] to, long epochNanos, long frame, int ledMilli) {
        text.setLength(0);
        text.append(COMMENT_PREFIX).append(" t_ns=").append(epochNanos).append(" frame=").append(frame)
                .append(" led=");
        TruthFile.appendFraction(text, ledMilli);
        for (int i = 0; i < text.length(); i++) {
            to[i] = (byte) text.charAt(i);
        }
        return text.length();
    }

    private boolean sleepUntil(long deadlineNanos, boolean precise) {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            if (stopRequested) {
                return false;
            }
            if (precise && remaining <= SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, precise ? remaining - SPIN_NANOS : remaining);
            }
        }
        return !stopRequested;
    }

    /** Frames not sent because they fell due during an outage. */
    public long framesInOutages() {
        return framesInOutages;
    }

    /** Frames handed to the clients so far. */
    public long framesSent() {
        return framesSent;
    }

    /** Frames dropped because the camera's thread was more than a frame late. */
    public long framesSkipped() {
        return framesSkipped;
    }

    /** Frames drawn before the controller had said how far the LED was known (a stalled controller). */
    public long framesUnsettled() {
        return framesUnsettled;
    }

    /** Clients that connected so far. */
    public int connections() {
        return server.connections();
    }

    /** Whether the frames have ended (the duration passed, or it was closed). */
    public boolean isFinished() {
        Thread t = thread;
        return t != null && !t.isAlive();
    }

    /** Waits for the frames to end (the duration passed); false on a timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }

    /** Stops the frames and the server, ending every client's stream. Idempotent. */
    @Override
    public void close() {
        stopRequested = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.close();
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
