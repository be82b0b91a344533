package drivetape.camera;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * JPEG through OpenCV's imencode (libjpeg-turbo): about 4 ms for a 720p frame where ImageIO takes 2.4 to 9
 * times as long. The pixels are wrapped in place, not copied; one instance per writer thread.
 */
public final class OpenCvJpegEncoder implements JpegEncoder {
    /** Writers cycle through a ring of slot buffers: keep one Mat header per slot, up to this many. */
    private static final int MAX_VIEWS = 64;

    private final Map<ByteBuffer, PixelView> views = new IdentityHashMap<>();
    private final IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, 90);
    /** imencode's output vector: JavaCPP grows it when a JPEG does not fit, and it is reused after that. */
    private final BytePointer out = new BytePointer();
    private ByteBuffer outView;
    private long outViewAddress;
    private ByteBuffer directCopy;
    private boolean closed;

    /**
     * Loads OpenCV's natives and runs one tiny encode, which takes hundreds of milliseconds the first time
     * in a process: call it while waiting for something else, not as the first frame arrives.
     */
    public static void warmUp() {
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            encoder.encode(ByteBuffer.allocateDirect(16 * 16 * 3), 16, 16, 16 * 3, 90);
        }
    }

    @Override
    public ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality) {
        if (closed) {
            throw new IllegalStateException("JPEG encoder is closed");
        }
        if (width <= 0 || height <= 0 || stride < width * 3) {
            throw new IllegalArgumentException("bad frame geometry " + width + "x" + height + ", stride " + stride);
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 0..100, was " + quality);
        }
        if (bgr.remaining() < (long) stride * (height - 1) + width * 3L) {
            throw new IllegalArgumentException("a " + width + "x" + height + " BGR frame with stride " + stride
                    + " needs more than the " + bgr.remaining() + " bytes given");
        }
        ByteBuffer pixels = bgr.isDirect() ? bgr : copyToDirect(bgr);
        Mat mat = view(pixels, width, height, stride);
        params.put(1, quality);
        // JavaCPP copies the result back into 'out' when it fits between position and limit, and allocates a
        // new array otherwise: offering the whole capacity keeps one array once it is large enough.
        out.position(0).limit(out.capacity());
        if (!imencode(".jpg", mat, out, params)) {
            throw new IllegalStateException("OpenCV could not encode a " + width + "x" + height + " JPEG");
        }
        int size = (int) out.limit();
        if (outView == null || out.address() != outViewAddress) {
            outViewAddress = out.address();
            outView = out.limit(out.capacity()).asByteBuffer();
        }
        outView.limit(size).position(0);
        return outView;
    }

    private Mat view(ByteBuffer pixels, int width, int height, int stride) {
        PixelView view = views.get(pixels);
        if (view != null && view.fits(pixels.position(), width, height, stride)) {
            return view.mat;
        }
        if (view != null) {
            views.remove(pixels).close();
        }
        if (views.size() >= MAX_VIEWS) {
            closeViews(); // a caller that does not reuse its buffers: do not hold on to all of them
        }
        view = new PixelView(pixels, width, height, stride);
        views.put(pixels, view);
        return view.mat;
    }

    private ByteBuffer copyToDirect(ByteBuffer heap) {
        int length = heap.remaining();
        if (directCopy == null || directCopy.capacity() < length) {
            if (directCopy != null) {
                PixelView old = views.remove(directCopy);
                if (old != null) {
                    old.close();
                }
            }
            directCopy = ByteBuffer.allocateDirect(length);
        }
        directCopy.put(0, heap, heap.position(), length);
        directCopy.limit(length).position(0);
        return directCopy;
    }

    private void closeViews() {
        views.values().forEach(PixelView::close);
        views.clear();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeViews();
        outView = null;
        out.close();
        params.close();
    }

    /** An OpenCV Mat header over a caller's pixels (no copy), for one position and geometry. */
    private static final class PixelView {
        final int position;
        final int width;
        final int height;
        final int stride;
        final BytePointer pointer;
        final Mat mat;

        PixelView(ByteBuffer pixels, int width, int height, int stride) {
            this.position = pixels.position();
            this.width = width;
            this.height = height;
            this.stride = stride;
            this.pointer = new BytePointer(pixels); // starts at the buffer's position
            this.mat = new Mat(height, width, CV_8UC3, pointer, stride);
        }

        boolean fits(int position, int width, int height, int stride) {
            return this.position == position && this.width == width && this.height == height
                    && this.stride == stride;
        }

        void close() {
            mat.close();
            pointer.close();
        }
    }
}
