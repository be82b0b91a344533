package drivetape.bench;

import drivetape.timing.LatencyHistogram;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import drivetape.camera.CameraException;
import drivetape.camera.GrabbedFrame;
import drivetape.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The design note's recorder, rebuilt as it was written, to measure drivetape against:
 * <ul>
 *   <li>an Arduino thread: readline, decode, split, {@code data_queue.put(sample)} (unbounded);
 *   <li>a camera thread: {@code cap.read()} (a new array per frame), {@code frame_queue.put(frame)};
 *   <li>the main loop: {@code time.sleep(0.001)}, drain both queues with {@code get_nowait()}, keep the
 *       samples, {@code write_queue.put(frame)} into {@code Queue(maxsize=200)}, which blocks when full;
 *       the camera's own queue is small and bounded, so a full write queue soon blocks the camera;
 *   <li>one writer thread: {@code cv2.imwrite} of every frame, which means decoding the camera's JPEG to
 *       pixels (OpenCV's capture does that) and encoding it again at quality 90.
 * </ul>
 * Same sources, same serial port reads, same OpenCV/libjpeg-turbo as drivetape: only the architecture differs.
 */
final class BaselineRecorder {
    static final int WRITE_QUEUE = 200;
    static final int CAMERA_QUEUE = 4;
    private static final long WRITER_JOIN_MS = 10_000;

    private final ClockedCamera camera;
    private final StampingLink link;
    private final Path framesDirectory;
    private final BlockingQueue<Sample> dataQueue = new LinkedBlockingQueue<>();
    private final BlockingQueue<FrameItem> frameQueue = new ArrayBlockingQueue<>(CAMERA_QUEUE);
    private final BlockingQueue<FrameItem> writeQueue = new ArrayBlockingQueue<>(WRITE_QUEUE);
    private final List<Sample> controlSamples = new ArrayList<>();
    private final List<Long> frameSamples = new ArrayList<>();
    private final LatencyHistogram drained = new LatencyHistogram();
    private final LatencyHistogram written = new LatencyHistogram();
    private volatile boolean running = true;
    private volatile boolean writerRunning = true;
    private volatile long framesWritten;
    private volatile long firstFileNanos;
    private volatile String cameraProblem;

    record Sample(long readNanos, long seq, long deviceUs, int[] values) {
    }

    record FrameItem(long receiveNanos, long index, boolean jpeg, Mat mat) {
    }

    BaselineRecorder(ClockedCamera camera, SerialLink link, Path framesDirectory) {
        this.camera = camera;
        this.link = new StampingLink(link);
        this.framesDirectory = framesDirectory;
    }

    /** Runs for {@code seconds} of capture on the calling thread (the main loop) and returns the figures. */
    CellResult run(BenchCell cell, Runnable onListening) throws CameraException {
        Thread arduino = new Thread(this::arduinoLoop, "baseline-arduino");
        arduino.setDaemon(true);
        arduino.start();
        onListening.run();
        camera.open();
        awaitFirstSample();
        Thread writer = new Thread(this::writerLoop, "baseline-writer");
        writer.setDaemon(true);
        writer.start();
        Thread capture = new Thread(this::cameraLoop, "baseline-camera");
        capture.setDaemon(true);
        CellMeter meter = new CellMeter();
        meter.start();
        // Latencies count from capture start, as for drivetape.
        link.startMeasuring();
        capture.start();

        long end = meter.startNanos() + (long) (cell.seconds() * 1e9);
        long queueMax = 0;
        try {
            while (System.nanoTime() - end < 0 && cameraProblem == null) {
                long now = System.nanoTime();
                Sample s;
                while ((s = dataQueue.poll()) != null) {
                    if (s.readNanos() >= meter.startNanos()) {
                        drained.accept(now - s.readNanos());
                    }
                    controlSamples.add(s);
                }
                FrameItem f;
                while ((f = frameQueue.poll()) != null) {
                    frameSamples.add(f.receiveNanos());
                    writeQueue.put(f); // blocks the loop (and so the camera) when the writer is behind
                }
                queueMax = Math.max(queueMax, writeQueue.size());
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meter.stop();
        link.stopMeasuring();
        long now = System.nanoTime();
        long due = camera.dueBy(now);
        long captured = camera.delivered();
        long onDisk = framesWritten;

        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        do {
            // The camera may be blocked in put(): make room so it can see the stop.
            handOnOrDrop();
            join(capture, 5);
        } while (capture.isAlive() && System.nanoTime() < deadline);
        // Only now: closing the camera frees the last frame's buffers, which its thread may still be copying
        // (a close while it cloned a raw frame crashed a cell). A thread still inside next() is let go by it.
        camera.close();
        join(capture, 1_000);
        handOnOrDrop();
        writerRunning = false;
        join(writer, WRITER_JOIN_MS);
        join(arduino, 2_000);
        link.close();
        long dropped = camera.delivered() - framesWritten;
        return new CellResult(cell, new CellResult.Window(meter.windowS(), due, captured, onDisk),
                new CellResult.Frames(framesWritten, Math.max(0, dropped), queueMax,
                        BenchFiles.averageJpegKb(framesDirectory)),
                meter.cpu(captured), ProcessStats.memory(),
                new CellResult.ControlPath(CellResult.Latency.micros(link.handOn()),
                        CellResult.Latency.micros(drained)),
                new CellResult.FramePath(CellResult.Latency.millis(written), camera.lag().percentileMs(0.99)),
                new CellResult.Startup(firstFileNanos, -1), cameraProblem);
    }

    /** At shutdown: queued frames go to the writer while there is room, the rest are dropped. */
    private void handOnOrDrop() {
        FrameItem f;
        while ((f = frameQueue.poll()) != null) {
            if (!writeQueue.offer(f)) {
                f.mat().close();
            }
        }
    }

    private void awaitFirstSample() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (dataQueue.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** pyserial's readline() + decode + split, then data_queue.put(). */
    private void arduinoLoop() {
        byte[] buffer = new byte[4096];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (running) {
                int n = link.read(buffer, 0, buffer.length);
                long readNanos = System.nanoTime();
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                        continue;
                    }
                    Sample sample = parse(line.toString(StandardCharsets.US_ASCII).strip(), readNanos);
                    line.reset();
                    if (sample != null) {
                        dataQueue.put(sample);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            // The link went away while closing.
        }
    }

    private static Sample parse(String line, long readNanos) {
        if (!line.startsWith("$") || line.indexOf('*') < 0) {
            return null;
        }
        try {
            String[] parts = line.substring(1, line.indexOf('*')).split(",");
            int[] values = new int[parts.length - 2];
            for (int i = 2; i < parts.length; i++) {
                values[i - 2] = Integer.parseInt(parts[i]);
            }
            return new Sample(readNanos, Long.parseLong(parts[0]), Long.parseLong(parts[1]), values);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** cv2.VideoCapture.read(): every frame becomes a new array; the put blocks when the queue is full. */
    private void cameraLoop() {
        GrabbedFrame frame = new GrabbedFrame();
        long index = 0;
        try {
            while (running && camera.next(frame)) {
                Mat copy;
                if (frame.jpeg) {
                    try (BytePointer bytes = new BytePointer(frame.data);
                         Mat view = new Mat(1, frame.data.remaining(), CV_8UC1, bytes)) {
                        copy = view.clone();
                    }
                } else {
                    try (BytePointer pixels = new BytePointer(frame.data);
                         Mat view = new Mat(frame.height, frame.width, CV_8UC3, pixels, frame.stride)) {
                        copy = view.clone();
                    }
                }
                frameQueue.put(new FrameItem(frame.receiveNanoTime, index++, frame.jpeg, copy));
            }
        } catch (CameraException e) {
            if (running) {
                cameraProblem = "camera stopped: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** while writer_running or not write_queue.empty(): cv2.imwrite(path, frame). */
    private void writerLoop() {
        try (IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, DrivetapeCell.JPEG_QUALITY)) {
            while (writerRunning || !writeQueue.isEmpty()) {
                FrameItem item = writeQueue.poll(100, TimeUnit.MILLISECONDS);
                if (item == null) {
                    continue;
                }
                String path = framesDirectory.resolve(String.format(Locale.ROOT, "frame_%06d.jpg", item.index()))
                        .toString();
                try (Mat stored = item.mat()) {
                    if (item.jpeg()) {
                        try (Mat pixels = imdecode(stored, IMREAD_COLOR)) {
                            imwrite(path, pixels, params);
                        }
                    } else {
                        imwrite(path, stored, params);
                    }
                } catch (RuntimeException e) {
                    continue; // "Frame write error": logged and skipped in the original
                }
                long now = System.nanoTime();
                written.accept(now - item.receiveNanos());
                if (firstFileNanos == 0) {
                    firstFileNanos = now;
                }
                framesWritten = framesWritten + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread, long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
