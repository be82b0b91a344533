package drivetape.sim.camera;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the newest frames as an MJPEG stream over HTTP, as an ESP32-CAM or a phone's webcam app does: a
 * GET of any path answers {@code 200} with {@code Content-Type: multipart/x-mixed-replace;
 * boundary=drivetapeframe}, then, for each frame, a part
 *
 * <pre>--drivetapeframe\r\nContent-Type: image/jpeg\r\nContent-Length: N\r\n\r\n&lt;N bytes of JPEG&gt;\r\n</pre>
 *
 * <p>The JDK's HTTP server, one thread per client (so a client that stalls only stalls its own thread);
 * the body goes out chunked (HTTP/1.1) and lasts until the client or the server closes it.
 */
final class MjpegServer implements AutoCloseable {
    static final String BOUNDARY = "drivetapeframe";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    private static final long FRAME_WAIT_MS = 1000;

    private final HttpServer server;
    private final ExecutorService clients;
    private final LatestFrame latest;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MjpegServer(HttpServer server, ExecutorService clients, LatestFrame latest) {
        this.server = server;
        this.clients = clients;
        this.latest = latest;
    }

    /** Binds {@code address} (port 0: any free one) and starts serving {@code latest}. */
    static MjpegServer start(InetSocketAddress address, LatestFrame latest) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        AtomicInteger count = new AtomicInteger();
        ExecutorService clients = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drivetape-sim-camera-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MjpegServer mjpeg = new MjpegServer(server, clients, latest);
        server.createContext("/", mjpeg::serve);
        server.setExecutor(clients);
        server.start();
        return mjpeg;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Clients served since the start. */
    int connections() {
        return connections.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            connections.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache, no-store, must-revalidate");
            exchange.getResponseHeaders().set("Pragma", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            LatestFrame.Copy frame = new LatestFrame.Copy();
            byte[] header = new byte[128];
            byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                if (!latest.awaitNewer(frame, FRAME_WAIT_MS)) {
                    if (latest.isClosed()) {
                        break;
                    }
                    continue;
                }
                int headerLength = partHeader(header, frame.length);
                body.write(header, 0, headerLength);
                body.write(frame.bytes, 0, frame.length);
                body.write(end);
                body.flush();
            }
        } catch (IOException e) {
            // The client went away (or the server is closing): this client's stream ends.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final byte[] PART_START = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);

    /** {@code --boundary\r\nContent-Type: image/jpeg\r\nContent-Length: N\r\n\r\n} into {@code to}. */
    private static int partHeader(byte[] to, int contentLength) {
        System.arraycopy(PART_START, 0, to, 0, PART_START.length);
        int at = PART_START.length;
        int digits = 1;
        for (int v = contentLength / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1, v = contentLength; i >= at; i--, v /= 10) {
            to[i] = (byte) ('0' + v % 10);
        }
        at += digits;
        to[at++] = '\r';
        to[at++] = '\n';
        to[at++] = '\r';
        to[at++] = '\n';
        return at;
    }

    /** Stops accepting, ends every client's stream, and waits briefly for their threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        latest.close();
        server.stop(0);
        clients.shutdownNow();
        try {
            clients.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
