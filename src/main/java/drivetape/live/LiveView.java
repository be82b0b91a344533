package drivetape.live;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The newest of everything, for people watching (the status line, the web page): the channel values, the
 * newest frame. Lossy by design: the timeline writes it without waiting for anyone,
 * readers take whatever is newest, and a slow reader costs itself, never the recording.
 *
 * <p>Single writer (the timeline thread). Values and frames are published with a version number
 * (a seqlock): a reader copies, then checks the version did not move while it copied.
 */
public final class LiveView {
    private static final int MAX_CHANNELS = 16;
    /** A frame this much before its preview slot still takes it (camera and scheduling jitter). */
    private static final long FRAME_SLACK_NANOS = 5_000_000;

    private volatile List<String> channels = List.of();
    private final int[] values = new int[MAX_CHANNELS];
    private volatile long valuesVersion;
    private volatile long lastSampleNs;

    private final Object frameLock = new Object();
    private byte[] frameBytes = new byte[0];
    private int frameLength;
    private boolean frameJpeg;
    private int frameWidth;
    private int frameHeight;
    private int frameStride;
    private long frameTNs;
    private volatile long frameVersion;
    private volatile long frameWantedUntilNanos;
    private final long minFrameIntervalNanos;
    /** Timeline thread only: when the preview's next frame is due. */
    private long nextFrameNanos;

    /** @param maxPreviewFps the most frames a second kept for watchers (a preview, not the recording) */
    public LiveView(double maxPreviewFps) {
        this.minFrameIntervalNanos = (long) (1e9 / maxPreviewFps);
        this.nextFrameNanos = System.nanoTime();
    }

    // ---- timeline thread ----

    public void channels(List<String> names) {
        channels = List.copyOf(names);
    }

    public void values(int[] source, int count, long tNs) {
        long v = valuesVersion;
        valuesVersion = v + 1; // odd: being written
        System.arraycopy(source, 0, values, 0, Math.min(count, MAX_CHANNELS));
        lastSampleNs = tNs;
        valuesVersion = v + 2;
    }

    /**
     * Whether a watcher wants a frame now (one asked recently, and the preview rate allows one). Frames are
     * taken on a fixed grid of the preview interval, a little early allowed: with a plain "at least an interval
     * since the last" rule, a 30 fps camera's frames (33.3 ms apart, with jitter) fill a 15 fps preview at 10.
     */
    public boolean wantsFrame(long nowNanos) {
        return nowNanos - frameWantedUntilNanos < 0 && nowNanos - (nextFrameNanos - FRAME_SLACK_NANOS) >= 0;
    }

    /** Keeps a copy of a frame for watchers; call only when {@link #wantsFrame} said so. */
    public void frame(ByteBuffer data, boolean jpeg, int width, int height, int stride, long tNs, long nowNanos) {
        // On the grid while frames keep coming; a new grid after a pause (nobody watched, the camera was gone).
        nextFrameNanos = nowNanos - nextFrameNanos > minFrameIntervalNanos ? nowNanos + minFrameIntervalNanos
                : nextFrameNanos + minFrameIntervalNanos;
        synchronized (frameLock) {
            int length = data.remaining();
            if (frameBytes.length < length) {
                frameBytes = new byte[length + length / 4];
            }
            data.duplicate().get(frameBytes, 0, length);
            frameLength = length;
            frameJpeg = jpeg;
            frameWidth = width;
            frameHeight = height;
            frameStride = stride;
            frameTNs = tNs;
            frameVersion = frameVersion + 1;
            frameLock.notifyAll();
        }
    }

    // ---- any thread ----

    public List<String> channelNames() {
        return channels;
    }

    /** The latest values, in channel order; 0 = no signal. */
    public int[] latestValues() {
        int[] copy = new int[MAX_CHANNELS];
        while (true) {
            long before = valuesVersion;
            if ((before & 1) == 0) {
                System.arraycopy(values, 0, copy, 0, MAX_CHANNELS);
                if (valuesVersion == before) {
                    return java.util.Arrays.copyOf(copy, channels.size());
                }
            }
            Thread.onSpinWait();
        }
    }

    /** t_ns of the latest sample, 0 before any. */
    public long lastSampleNs() {
        return lastSampleNs;
    }

    /** A watcher wants frames for the next {@code millis} (call again while watching). */
    public void watchFrames(long millis) {
        frameWantedUntilNanos = System.nanoTime() + millis * 1_000_000L;
    }

    /**
     * The newest frame after {@code afterVersion}, waiting up to {@code waitMillis} for one; null if none came.
     */
    public Frame awaitFrame(long afterVersion, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        synchronized (frameLock) {
            while (frameVersion <= afterVersion) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return null;
                }
                frameLock.wait(left);
            }
            return new Frame(frameVersion, java.util.Arrays.copyOf(frameBytes, frameLength), frameJpeg, frameWidth,
                    frameHeight, frameStride, frameTNs);
        }
    }

    /**
     * A frame for watchers.
     *
     * @param version increases with every frame kept
     * @param bytes a whole JPEG when {@code jpeg}, else packed BGR24 rows of {@code stride} bytes
     */
    public record Frame(long version, byte[] bytes, boolean jpeg, int width, int height, int stride, long tNs) {
    }
}
