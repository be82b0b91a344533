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
 * the body goes out chunked (HTTP/1.1) and lasts until the client or the server closes it. For a simulated
 * outage the server can {@link #goDark()}: it drops every client and stops listening, so a new connection
 * is refused, until it {@link #comeBack()}s on the same port.
 */
final class MjpegServer implements AutoCloseable {
    static final String BOUNDARY = "drivetapeframe";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    private static final long FRAME_WAIT_MS = 1000;
    private static final int BACKLOG = 16;
    /** Read once, when the JDK's server implementation loads; see the static initialiser. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The chunked body leaves each frame in several socket writes, and Nagle holds back the small ones
        // until the client's delayed ACK: measured on loopback, every few frames arrived ~40 ms late and the
        // next right behind it. The JDK's server reads this property once, as it loads, and nothing else in
        // drivetape uses that server, so setting it before the first HttpServer.create is enough.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final ExecutorService clients;
    private final LatestFrame latest;
    private final InetSocketAddress address;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Bumped by goDark(): a client served by an earlier generation of the server ends its stream. */
    private volatile int generation;
    private HttpServer server; // null while dark; guarded by this

    private MjpegServer(HttpServer server, ExecutorService clients, LatestFrame latest) {
        this.server = server;
        this.clients = clients;
        this.latest = latest;
        this.address = server.getAddress();
    }

    /** Binds {@code address} (port 0: any free one) and starts serving {@code latest}. */
    static MjpegServer start(InetSocketAddress address, LatestFrame latest) throws IOException {
        HttpServer server = HttpServer.create(address, BACKLOG);
        AtomicInteger count = new AtomicInteger();
        ExecutorService clients = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "drivetape-sim-camera-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MjpegServer mjpeg = new MjpegServer(server, clients, latest);
        mjpeg.serveOn(server);
        return mjpeg;
    }

    private void serveOn(HttpServer http) {
        int served = generation;
        http.createContext("/", exchange -> serve(exchange, served));
        http.setExecutor(clients);
        http.start();
    }

    /** The bound address (with the port picked for port 0); it stays the same across outages. */
    InetSocketAddress address() {
        return address;
    }

    /** Drops every client and stops listening: new connections are refused until {@link #comeBack()}. */
    synchronized void goDark() {
        if (server == null || closed.get()) {
            return;
        }
        generation++;
        server.stop(0); // closes the listening socket and every open connection
        server = null;
    }

    /**
     * Listens again on the same address after {@link #goDark()}.
     *
     * @throws IOException when the port cannot be bound again (another program took it meanwhile)
     */
    synchronized void comeBack() throws IOException {
        if (server != null || closed.get()) {
            return;
        }
        HttpServer http = HttpServer.create(address, BACKLOG);
        serveOn(http);
        server = http;
    }

    /** Whether the server is listening (false during an outage). */
    synchronized boolean listening() {
        return server != null;
    }

    /** Clients served since the start. */
    int connections() {
        return connections.get();
    }

    private void serve(HttpExchange exchange, int served) throws IOException {
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
            while (served == generation) {
                if (!latest.awaitNewer(frame, FRAME_WAIT_MS)) {
                    if (latest.isClosed()) {
                        break;
                    }
                    continue;
                }
                if (served != generation) {
                    break; // dropped by an outage while it waited
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
        synchronized (this) {
            if (server != null) {
                // Up to a second for the clients' loops, woken by latest.close(), to end their streams whole
                // (the last chunk sent): stop(0) could cut a client mid-chunk, a broken stream, not an ended one.
                server.stop(1);
                server = null;
            }
        }
        clients.shutdownNow();
        try {
            clients.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
