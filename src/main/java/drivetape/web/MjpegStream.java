package drivetape.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * One {@code /stream.mjpg} client: a {@code multipart/x-mixed-replace} part per new preview frame, at most
 * {@code maxFps}. It always sends the newest frame, so a slow client skips frames instead of falling behind;
 * a closed connection fails the next write (within one frame interval) and ends the loop.
 */
final class MjpegStream {
    static final String BOUNDARY = "drivetape-frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;

    private MjpegStream() {
    }

    /** One part of the stream: the boundary, the part's headers, the JPEG. */
    static byte[] part(byte[] jpeg) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] part = new byte[head.length + jpeg.length + 2];
        System.arraycopy(head, 0, part, 0, head.length);
        System.arraycopy(jpeg, 0, part, head.length, jpeg.length);
        part[part.length - 2] = '\r';
        part[part.length - 1] = '\n';
        return part;
    }

    static void serve(Preview preview, OutputStream out, double maxFps, BooleanSupplier stopped)
            throws InterruptedException {
        long intervalNs = (long) (1e9 / maxFps);
        long version = 0;
        preview.watch();
        try {
            while (!stopped.getAsBoolean()) {
                Preview.Jpeg jpeg = preview.await(version, 1000);
                if (jpeg == null) {
                    continue;
                }
                long sentAt = System.nanoTime();
                version = jpeg.version();
                try {
                    out.write(jpeg.part());
                    out.flush();
                } catch (IOException closed) {
                    return;
                }
                long wait = intervalNs - (System.nanoTime() - sentAt);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
            }
        } finally {
            preview.unwatch();
        }
    }
}
