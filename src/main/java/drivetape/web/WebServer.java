package drivetape.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.dataset.Aligned;
import drivetape.dataset.Dataset;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Excluded;
import drivetape.format.EpisodeFiles;
import drivetape.format.EpisodeStatus;
import drivetape.format.Meta;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;
import drivetape.session.Command;
import drivetape.session.Session;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The car's web page (a sink, like the status line): the live page and its API over a running {@link Session},
 * and the review pages over the data root, with or without a session ({@code drivetape review}). Routes are a
 * contract (issue #10); every request passes {@link Access} first. Threads: Jetty's pool for requests,
 * {@code drivetape-web-preview} for the camera preview and {@code drivetape-web-status} for the pushed status,
 * all stopped by {@link #close()}.
 */
public final class WebServer implements AutoCloseable {
    /** Stream rate unless a client asks for less ({@code /stream.mjpg?fps=N}). */
    static final double MAX_STREAM_FPS = 15;
    private static final Pattern FRAME_FILE = Pattern.compile("[0-9]{6,}\\.jpg");
    /** The page's files, served from the classpath by name (nothing else can be asked for). */
    private static final Map<String, String> STATIC = Map.of("app.css", "text/css; charset=utf-8",
            "common.js", "text/javascript; charset=utf-8", "live.js", "text/javascript; charset=utf-8",
            "review.js", "text/javascript; charset=utf-8");
    private static final String RESOURCES = "/drivetape/web/";

    private final ObjectMapper json = new ObjectMapper();
    private final WebAddress address;
    private final Access access;
    private final Dataset dataset;
    private final Preview preview;
    private final StatusPush push;
    /** A recording process (drive, record): a session comes once its devices are open. False for review. */
    private final boolean forSession;
    private volatile Session session;
    private volatile boolean closed;
    private Javalin app;
    private AgentRunner previewRunner;
    private AgentRunner pushRunner;

    private WebServer(WebAddress address, Access access, Dataset dataset, boolean forSession) {
        this.address = address;
        this.forSession = forSession;
        this.access = access;
        this.dataset = dataset;
        this.preview = new Preview(() -> session == null ? null : session.live());
        this.push = new StatusPush(this::statusJson);
    }

    /**
     * Binds {@code address} and serves the episodes under {@code dataRoot}. Fails before anything else opens
     * when the address cannot be used.
     *
     * @param forSession a recording process: its session is {@link #attach attached} once its devices are open
     *                   (until then the camera stream waits and start/stop answer 503); false for review
     */
    public static WebServer start(WebAddress address, Path dataRoot, boolean forSession)
            throws WebException, IOException {
        Access access = address.isLoopback() ? Access.loopback() : Access.withToken(Access.newToken());
        WebServer server = new WebServer(address, access, Dataset.at(dataRoot), forSession);
        server.listen();
        return server;
    }

    private void listen() throws WebException {
        app = Javalin.create(this::configure);
        try {
            app.start(address.host(), address.port());
        } catch (RuntimeException e) {
            app.stop();
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof BindException)) {
                cause = cause.getCause();
            }
            String why = cause instanceof BindException ? "the port is in use or the address is not this machine's"
                    : String.valueOf(cause.getMessage());
            throw new WebException("--web " + address.authority() + ": cannot listen there (" + why
                    + "); pick another port, e.g. --web " + (address.port() == 65535 ? 8887 : address.port() + 1), e);
        }
        previewRunner = new AgentRunner(preview, IdleStrategy.none()).start();
        pushRunner = new AgentRunner(push, IdleStrategy.none()).start();
    }

    /** From now on the live page shows this session, and start/stop drive it. */
    public void attach(Session running) {
        this.session = running;
    }

    /** The URL to open (with the token when one is needed). */
    public String url() {
        return "http://" + address.host() + ":" + app.port() + "/" + (access.token() == null ? ""
                : "?token=" + access.token());
    }

    public int port() {
        return app.port();
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = address.host();
        config.jetty.port = address.port();
        // No graceful wait at the end: camera streams never finish, and keep-alive connections hold a stop back.
        config.jetty.modifyServer(server -> server.setStopTimeout(0));
        var r = config.routes;
        r.before(this::guard);
        r.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        r.exception(EpisodeReadException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        r.exception(IOException.class, (e, ctx) -> error(ctx, 500, String.valueOf(e.getMessage())));
        r.error(404, ctx -> {
            if (!Access.JSON.equals(ctx.res().getContentType())) {
                error(ctx, 404, "no such page: " + ctx.path());
            }
        });
        r.get("/", ctx -> page(ctx, "live.html"));
        r.get("/static/{name}", this::staticFile);
        r.get("/stream.mjpg", this::stream);
        r.get("/api/status", ctx -> sendJson(ctx, statusJson()));
        r.sse("/api/events", push::add);
        r.post("/api/record/start", ctx -> record(ctx, Command.Kind.START));
        r.post("/api/record/stop", ctx -> record(ctx, Command.Kind.STOP));
        r.get("/api/episodes", ctx -> sendJson(ctx, EpisodeJson.list(json, dataset.episodes(), recordingId())));
        r.get("/api/episodes/{id}", this::episode);
        r.post("/api/episodes/{id}/exclude", ctx -> exclude(ctx, true));
        r.post("/api/episodes/{id}/restore", ctx -> exclude(ctx, false));
        r.delete("/api/episodes/{id}", this::delete);
        r.get("/api/trash", ctx -> sendJson(ctx, EpisodeJson.list(json, dataset.trash(), null)));
        r.post("/api/trash/{id}/restore", this::restoreFromTrash);
        r.get("/episodes/{id}", ctx -> {
            dataset.resolve(ctx.pathParam("id"));
            page(ctx, "review.html");
        });
        r.get("/episodes/{id}/frames/{file}", this::frame);
    }

    private void guard(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        Access.Verdict v = access.check(new Access.Request(ctx.method().name(), ctx.queryParam("token"),
                ctx.cookie(Access.COOKIE), ctx.header("Authorization"), ctx.header("Host"), ctx.header("Origin"),
                ctx.header("Sec-Fetch-Site"), ctx.header("Sec-Fetch-Mode"), ctx.header("Content-Type")));
        if (!v.allowed()) {
            throw new ApiError(v.status(), v.message());
        }
        if (v.setCookie()) {
            Cookie cookie = new Cookie(Access.COOKIE, access.token(), "/", -1, false, true, null,
                    SameSite.STRICT);
            ctx.cookie(cookie);
        }
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status).contentType(Access.JSON).result(json.createObjectNode().put("error", message).toString());
    }

    private void sendJson(Context ctx, JsonNode body) {
        ctx.contentType(Access.JSON).result(body.toString());
    }

    private void page(Context ctx, String name) throws IOException {
        ctx.contentType("text/html; charset=utf-8").result(resource(name));
    }

    private void staticFile(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String type = STATIC.get(name);
        if (type == null) {
            throw new ApiError(404, "no such file: " + name);
        }
        ctx.contentType(type).result(resource(name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the jar has no " + RESOURCES + name);
            }
            return in.readAllBytes();
        }
    }

    private void stream(Context ctx) throws IOException, InterruptedException {
        if (!forSession) {
            throw new ApiError(404, "no camera: no recording session is running (this is drivetape review)");
        }
        double fps = MAX_STREAM_FPS;
        String asked = ctx.queryParam("fps");
        if (asked != null) {
            try {
                fps = Math.min(MAX_STREAM_FPS, Math.max(0.2, Double.parseDouble(asked)));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "fps must be a number, e.g. /stream.mjpg?fps=5");
            }
        }
        HttpServletResponse res = ctx.res();
        res.setContentType(MjpegStream.CONTENT_TYPE);
        res.setHeader("Cache-Control", "no-store");
        res.flushBuffer();
        MjpegStream.serve(preview, res.getOutputStream(), fps, () -> closed);
    }

    private JsonNode statusJson() {
        Session s = session;
        if (s == null) {
            long free;
            try {
                free = Files.getFileStore(dataset.root()).getUsableSpace();
            } catch (IOException e) {
                free = -1;
            }
            return StatusJson.noSession(json, free, forSession);
        }
        return StatusJson.of(json, s.status(System.nanoTime()));
    }

    private String recordingId() {
        Session s = session;
        return s == null ? null : s.status(System.nanoTime()).episodeId();
    }

    private void record(Context ctx, Command.Kind kind) {
        Session s = session;
        if (s == null && forSession) {
            throw new ApiError(503, "the session is still opening its devices: try again in a moment");
        }
        if (s == null) {
            throw new ApiError(409, "no recording session: this is drivetape review (start drivetape drive --web"
                    + " to record)");
        }
        s.command(Command.now(kind, "web"));
        sendJson(ctx, json.createObjectNode().put("ok", true).put("asked", kind.name().toLowerCase()));
    }

    private void episode(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Path dir = dataset.resolve(id);
        int aligned = Files.isRegularFile(dir.resolve(EpisodeFiles.ALIGNED)) ? Aligned.read(dir).size() : -1;
        sendJson(ctx, EpisodeJson.detail(json, id, Episode.read(dir), Excluded.read(dir), aligned));
    }

    /** An episode that may be changed: not the one being recorded, nor one still marked recording. */
    private Path changeable(String id) throws IOException {
        Path dir = dataset.resolve(id);
        if (id.equals(recordingId())) {
            throw new ApiError(409, "episode " + id + " is being recorded: stop it first");
        }
        String status = Episode.readMetadata(dir).path(Meta.STATUS).asText("");
        if (status.equals(EpisodeStatus.RECORDING.value())) {
            throw new ApiError(409, "episode " + id + " is still recording (or a crash left it so: run drivetape"
                    + " recover on it)");
        }
        return dir;
    }

    private void exclude(Context ctx, boolean exclude) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            throw new ApiError(400, "expected JSON {\"from\": i, \"to\": j}");
        }
        long from = frameIndex(body, "from");
        long to = frameIndex(body, "to");
        if (to < from) {
            throw new ApiError(400, "\"to\" (" + to + ") is before \"from\" (" + from + ")");
        }
        synchronized (this) {
            Path dir = changeable(id);
            Excluded before = Excluded.read(dir);
            Excluded after = exclude ? before.plus(from, to) : before.minus(from, to);
            after.write(dir);
            AlignCounts counts = AlignedTable.write(dir);
            sendJson(ctx, EpisodeJson.changed(json, after, counts));
        }
    }

    private static long frameIndex(JsonNode body, String key) {
        JsonNode n = body == null ? null : body.get(key);
        if (n == null || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new ApiError(400, "expected JSON {\"from\": i, \"to\": j} with frame indexes >= 0 (\"" + key
                    + "\" missing or not one)");
        }
        return n.asLong();
    }

    private void delete(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        synchronized (this) {
            changeable(id);
            dataset.moveToTrash(id);
        }
        sendJson(ctx, json.createObjectNode().put("ok", true).put("trash", EpisodeFiles.TRASH_DIR + "/" + id));
    }

    private void restoreFromTrash(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        synchronized (this) {
            try {
                dataset.restoreFromTrash(id);
            } catch (EpisodeReadException e) {
                throw new ApiError(e.getMessage().startsWith("an episode") ? 409 : 404, e.getMessage());
            }
        }
        sendJson(ctx, json.createObjectNode().put("ok", true).put("id", id));
    }

    private void frame(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!FRAME_FILE.matcher(file).matches()) {
            throw new ApiError(404, "no such frame: " + file + " (frames are named like 000012.jpg)");
        }
        Path frames = dataset.resolve(ctx.pathParam("id")).resolve(EpisodeFiles.FRAMES_DIR);
        Path path = frames.resolve(file);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                || !path.toRealPath().getParent().equals(frames.toRealPath())) {
            throw new ApiError(404, "no such frame: " + file);
        }
        ctx.contentType("image/jpeg").header("Cache-Control", "max-age=3600").result(Files.readAllBytes(path));
    }

    /** Stops the threads and the server; a {@code record}/{@code drive} calls this after its session ends. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pushRunner != null) {
            pushRunner.close();
        }
        if (previewRunner != null) {
            previewRunner.close();
        }
        app.stop();
    }
}
