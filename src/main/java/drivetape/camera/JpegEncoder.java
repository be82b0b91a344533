package drivetape.camera;

import java.nio.ByteBuffer;

/**
 * Encodes raw frames to JPEG on a writer thread. Each writer thread owns one encoder (they keep native
 * buffers between calls and are not thread-safe).
 */
public interface JpegEncoder extends AutoCloseable {

    /**
     * Encodes packed BGR24 pixels (position to limit of {@code bgr}; a direct buffer is read in place, a heap
     * buffer is copied first).
     *
     * @param quality libjpeg quality, 0..100
     * @return the JPEG bytes, a view valid until the next call to encode or close
     */
    ByteBuffer encode(ByteBuffer bgr, int width, int height, int stride, int quality);

    @Override
    void close();
}
