package drivetape.web;

import drivetape.camera.JpegEncoder;
import drivetape.camera.OpenCvJpegEncoder;
import drivetape.live.LiveView;
import drivetape.runner.Agent;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The camera preview for {@code /stream.mjpg}, made on the web's own thread ({@code drivetape-web-preview}):
 * while anyone watches, it asks the live view for frames (at most its preview rate), keeps an MJPEG camera's
 * JPEG as it is, and shrinks and encodes a raw camera's frame, so the capture and timeline threads never do
 * web work. Watchers wait for a newer version and take the newest: a slow one skips frames.
 */
final class Preview implements Agent {
    /** Raw frames are shrunk to at most this width before encoding (a preview, not the recording). */
    static final int MAX_WIDTH = 640;
    static final int QUALITY = 70;
    private static final long WATCH_MS = 1000;

    /**
     * A preview JPEG; {@code version} increases with each.
     *
     * @param part the JPEG as one part of {@code /stream.mjpg}, headers and all: made once, written by each client
     *             in one write
     */
    record Jpeg(long version, byte[] bytes, byte[] part) {
    }

    private final Supplier<LiveView> live;
    private final Object lock = new Object();
    private int watchers;
    private Jpeg latest = new Jpeg(0, null, null);
    private long seenLiveVersion;
    private JpegEncoder encoder;
    private ByteBuffer small = ByteBuffer.allocateDirect(0);
    private volatile boolean stopping;

    /** @param live the session's live view, or null while there is none (review mode, or not yet open) */
    Preview(Supplier<LiveView> live) {
        this.live = live;
    }

    @Override
    public String name() {
        return "drivetape-web-preview";
    }

    @Override
    public int doWork() throws InterruptedException {
        LiveView view = live.get();
        if (view == null || watchers() == 0) {
            synchronized (lock) {
                lock.wait(100);
            }
            return 0;
        }
        view.watchFrames(WATCH_MS);
        LiveView.Frame frame = view.awaitFrame(seenLiveVersion, 200);
        if (frame == null) {
            return 0;
        }
        seenLiveVersion = frame.version();
        byte[] jpeg = frame.jpeg() ? frame.bytes() : encode(frame);
        byte[] part = MjpegStream.part(jpeg);
        synchronized (lock) {
            latest = new Jpeg(latest.version() + 1, jpeg, part);
            lock.notifyAll();
        }
        return 1;
    }

    private byte[] encode(LiveView.Frame f) {
        int step = (f.width() + MAX_WIDTH - 1) / MAX_WIDTH;
        int w = f.width() / step;
        int h = f.height() / step;
        int stride = w * 3;
        if (small.capacity() < stride * h) {
            small = ByteBuffer.allocateDirect(stride * h);
        }
        byte[] src = f.bytes();
        small.clear();
        for (int y = 0; y < h; y++) {
            int row = y * step * f.stride();
            for (int x = 0; x < w; x++) {
                int p = row + x * step * 3;
                small.put(src[p]).put(src[p + 1]).put(src[p + 2]);
            }
        }
        small.flip();
        if (encoder == null) {
            encoder = new OpenCvJpegEncoder();
        }
        ByteBuffer out = encoder.encode(small, w, h, stride, QUALITY);
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    @Override
    public void onStopRequested() {
        stopping = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void onClose() {
        if (encoder != null) {
            encoder.close();
        }
    }

    private int watchers() {
        synchronized (lock) {
            return watchers;
        }
    }

    /** A watcher came (its stream is open). */
    void watch() {
        synchronized (lock) {
            watchers++;
            lock.notifyAll();
        }
    }

    void unwatch() {
        synchronized (lock) {
            watchers--;
        }
    }

    /** The newest preview after {@code afterVersion}, waiting up to {@code waitMillis}; null if none came. */
    Jpeg await(long afterVersion, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        synchronized (lock) {
            while ((latest.version() <= afterVersion || latest.bytes() == null) && !stopping) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                lock.wait(left);
            }
            return stopping ? null : latest;
        }
    }
}
