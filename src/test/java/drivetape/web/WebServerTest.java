package drivetape.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.dataset.Aligned;
import drivetape.dataset.Excluded;
import drivetape.dataset.TestEpisode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes over a folder of episodes with no session (drivetape review), through real HTTP. */
class WebServerTest {
    private static final int FRAMES = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private Path root;
    private Path episode;
    private WebServer server;

    @BeforeEach
    void episodeAndServer() throws Exception {
        root = Files.createDirectories(tmp.resolve("data"));
        TestEpisode e = new TestEpisode(root.resolve("ep-1"));
        for (int i = 0; i <= 40; i++) {
            e.control(i * 10.0, 1500 + i, 1600);
        }
        for (int i = 0; i < FRAMES; i++) {
            e.frame(i * 33.0 + 5);
        }
        episode = e.write();
        Files.createDirectories(episode.resolve("frames"));
        for (int i = 0; i < FRAMES; i++) {
            Files.write(episode.resolve(String.format("frames/%06d.jpg", i)), new byte[] {(byte) 0xFF, (byte) 0xD8,
                    (byte) i, (byte) 0xFF, (byte) 0xD9});
        }
        drivetape.align.AlignedTable.write(episode);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET");
        new TestEpisode(outside.resolve("ep-out")).frame(1).write();
        Files.createSymbolicLink(root.resolve("linked"), outside.resolve("ep-out"));
        Files.createSymbolicLink(episode.resolve("frames/000099.jpg"), outside.resolve("secret.txt"));
        server = WebServer.start(new WebAddress("127.0.0.1", 0), root, false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void theListAndAnEpisodeSayWhatIsOnDisk() throws Exception {
        HttpResponse<String> list = send("GET", "/api/episodes", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode entries = json(list);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("id").asText()).isEqualTo("ep-1");
        assertThat(entries.get(0).get("status").asText()).isEqualTo("complete");
        assertThat(entries.get(0).get("excluded_frames").asLong()).isZero();

        JsonNode detail = json(send("GET", "/api/episodes/ep-1", null));
        assertThat(detail.get("frames").get("index")).hasSize(FRAMES);
        assertThat(detail.get("frames").get("file").get(3).asText()).isEqualTo("000003.jpg");
        assertThat(detail.get("frames").get("t_ms").get(1).asDouble()).isEqualTo(38.0);
        assertThat(detail.get("channels").get("steering").get("value").get(2).asInt()).isEqualTo(1502);
        assertThat(detail.get("channels").get("throttle").get("value")).hasSize(41);

        HttpResponse<byte[]> frame = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/episodes/ep-1/frames/000003.jpg")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(frame.statusCode()).isEqualTo(200);
        assertThat(frame.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/jpeg");
        assertThat(frame.body()).isEqualTo(Files.readAllBytes(episode.resolve("frames/000003.jpg")));
        assertThat(send("GET", "/episodes/ep-1", null).body()).contains("<canvas");
        assertThat(send("GET", "/", null).body()).contains("/stream.mjpg");
    }

    @Test
    void noPathReachesOutsideTheDataRoot() throws Exception {
        for (String path : List.of("/episodes/..%2F..%2Foutside/frames/000000.jpg",
                "/episodes/%2e%2e/frames/000000.jpg",
                "/episodes/../outside/ep-out", "/episodes/ep-1/frames/..%2Fmetadata.json",
                "/episodes/ep-1/frames/%2Fetc%2Fpasswd", "/episodes/ep-1/frames/000099.jpg",
                "/episodes/linked/frames/000000.jpg", "/api/episodes/linked", "/api/episodes/..",
                "/api/episodes/%2E%2E%2Foutside", "/api/episodes/.trash",
                "/static/..%2F..%2Fdrivetape%2Fversion.properties",
                "/static/live.html", "/episodes/%2Ftmp/frames/000000.jpg")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isBetween(400, 404);
            assertThat(r.body()).as(path).doesNotContain("TOP-SECRET").doesNotContain("episode/1");
        }
        HttpResponse<String> r = send("POST", "/api/episodes/..%2Foutside%2Fep-out/exclude", "{\"from\":0,\"to\":0}");
        assertThat(r.statusCode()).isBetween(400, 404);
        assertThat(tmp.resolve("outside/ep-out/excluded.json")).doesNotExist();
        assertThat(send("DELETE", "/api/episodes/linked", "{}").statusCode()).isBetween(400, 404);
        assertThat(root.resolve("linked")).exists();
    }

    @Test
    void excludeAndRestoreRewriteExcludedJsonAndRebuildAlignedCsv() throws Exception {
        assertThat(Aligned.read(episode).size()).isEqualTo(FRAMES);
        HttpResponse<String> ex = send("POST", "/api/episodes/ep-1/exclude", "{\"from\": 2, \"to\": 4}");
        assertThat(ex.statusCode()).as(ex.body()).isEqualTo(200);
        assertThat(json(ex).get("aligned_rows").asInt()).isEqualTo(FRAMES - 3);
        assertThat(Excluded.read(episode).ranges()).containsExactly(new Excluded.Range(2, 4));
        Aligned aligned = Aligned.read(episode);
        assertThat(aligned.size()).isEqualTo(FRAMES - 3);
        for (int i = 0; i < aligned.size(); i++) {
            assertThat(aligned.index(i)).isNotIn(2L, 3L, 4L);
        }
        HttpResponse<String> back = send("POST", "/api/episodes/ep-1/restore", "{\"from\": 3, \"to\": 3}");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(Excluded.read(episode).ranges()).containsExactly(new Excluded.Range(2, 2), new Excluded.Range(4, 4));
        assertThat(Aligned.read(episode).size()).isEqualTo(FRAMES - 2);
        assertThat(json(send("GET", "/api/episodes", null)).get(0).get("excluded_frames").asInt()).isEqualTo(2);
        assertThat(json(send("GET", "/api/episodes/ep-1", null)).get("aligned_rows").asInt()).isEqualTo(FRAMES - 2);
        assertThat(json(send("GET", "/api/episodes/ep-1", null)).get("excluded").toString()).isEqualTo("[[2,2],[4,4]]");

        for (String bad : List.of("{\"from\": 5, \"to\": 2}", "{\"from\": -1, \"to\": 2}", "{\"from\": \"a\"}",
                "not json", "{\"from\": 1.5, \"to\": 2}")) {
            assertThat(send("POST", "/api/episodes/ep-1/exclude", bad).statusCode()).as(bad).isEqualTo(400);
        }
        HttpRequest form = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/episodes/ep-1/exclude")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": 0, \"to\": 9}")).build();
        assertThat(http.send(form, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(415);
        assertThat(send("GET", "/api/episodes/ep-1/exclude", null).statusCode()).isEqualTo(404);
        assertThat(Excluded.read(episode).frameCount()).isEqualTo(2);
    }

    @Test
    void deleteMovesToTheTrashAndRestoreBringsItBack() throws Exception {
        assertThat(send("DELETE", "/api/episodes/ep-1", "{}").statusCode()).isEqualTo(200);
        assertThat(episode).doesNotExist();
        assertThat(root.resolve(".trash/ep-1/metadata.json")).exists();
        assertThat(json(send("GET", "/api/episodes", null))).isEmpty();
        assertThat(json(send("GET", "/api/trash", null)).get(0).get("id").asText()).isEqualTo("ep-1");
        assertThat(send("POST", "/api/trash/ep-1/restore", "{}").statusCode()).isEqualTo(200);
        assertThat(episode.resolve("metadata.json")).exists();
        assertThat(send("POST", "/api/trash/ep-1/restore", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void anEpisodeStillMarkedRecordingIsNotChanged() throws Exception {
        Path live = new TestEpisode(root.resolve("ep-live")).frame(1).write();
        Files.writeString(live.resolve("metadata.json"), Files.readString(live.resolve("metadata.json"))
                .replace("\"complete\"", "\"recording\""));
        assertThat(send("POST", "/api/episodes/ep-live/exclude", "{\"from\":0,\"to\":0}").statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/api/episodes/ep-live", "{}").statusCode()).isEqualTo(409);
        assertThat(live).exists();
    }

    @Test
    void withoutASessionStartAndStopAnswer409AndTheStatusSaysSo() throws Exception {
        assertThat(send("POST", "/api/record/start", "{}").statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/record/stop", "{}").statusCode()).isEqualTo(409);
        JsonNode status = json(send("GET", "/api/status", null));
        assertThat(status.get("recording").asBoolean()).isFalse();
        assertThat(status.get("episode").isNull()).isTrue();
        assertThat(status.get("disk_free_bytes").asLong()).isPositive();
        assertThat(send("GET", "/stream.mjpg", null).statusCode()).isEqualTo(404);
    }

    @Test
    void boundBeyondLoopbackEveryRequestNeedsTheToken() throws Exception {
        try (WebServer open = WebServer.start(new WebAddress("0.0.0.0", 0), root, false)) {
            String token = URI.create(open.url()).getQuery().substring("token=".length());
            String base = "http://127.0.0.1:" + open.port();
            for (String path : List.of("/", "/api/status", "/api/episodes", "/episodes/ep-1",
                    "/episodes/ep-1/frames/000001.jpg", "/stream.mjpg", "/static/live.js")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(401);
            }
            HttpRequest delete = HttpRequest.newBuilder(URI.create(base + "/api/episodes/ep-1"))
                    .header("Content-Type", "application/json").DELETE().build();
            assertThat(http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
            assertThat(episode).exists();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(base + "/?token=" + token))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Set-Cookie").orElse(""))
                    .contains(Access.COOKIE + "=" + token).contains("HttpOnly").contains("SameSite=Strict");
            HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/episodes"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json(bearer).get(0).get("id").asText()).isEqualTo("ep-1");
            HttpResponse<String> cookie = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status"))
                    .header("Cookie", Access.COOKIE + "=" + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cookie.statusCode()).isEqualTo(200);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/api/status?token=x"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(403);
        }
    }
}
