package drivetape.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.dataset.TestEpisode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** {@code --web} and {@code review} through the real CLI: the token URL, bad values and a taken port. */
class WebCliE2ETest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reviewBoundToEveryAddressPrintsATokenUrlAndRefusesRequestsWithoutIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("eps"));
        new TestEpisode(root.resolve("ep-1")).control(0, 1500, 1500).frame(5).write();
        int port = WebPageE2ETest.freePort();
        Cli review = Cli.start(tmp, "review", "review", "--out", root.toString(), "--web", "0.0.0.0:" + port);
        try {
            review.awaitStderr("Web page: ", Duration.ofSeconds(60));
            Matcher m = Pattern.compile("Web page: http://0\\.0\\.0\\.0:" + port + "/\\?token=([A-Za-z0-9_-]+)")
                    .matcher(review.stderr());
            assertThat(m.find()).as(review.stderr()).isTrue();
            String token = m.group(1);
            String base = "http://127.0.0.1:" + port;
            assertThat(get(base + "/api/episodes").statusCode()).isEqualTo(401);
            assertThat(get(base + "/episodes/ep-1/frames/000000.jpg").statusCode()).isEqualTo(401);
            assertThat(get(base + "/api/episodes?token=wrong").statusCode()).isEqualTo(403);
            HttpResponse<String> ok = get(base + "/api/episodes", "Authorization", "Bearer " + token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"id\":\"ep-1\"");
            assertThat(get(base + "/?token=" + token).headers().firstValue("Set-Cookie").orElse(""))
                    .contains("drivetape_token=" + token);
            assertThat(get(base + "/api/episodes/..%2F..%2Fetc", "Authorization", "Bearer " + token).statusCode())
                    .isEqualTo(404);
            review.signal("TERM");
            assertThat(review.await(Duration.ofSeconds(20))).isZero();
        } finally {
            if (review.isAlive()) {
                review.signal("KILL");
            }
        }
    }

    @Test
    void reviewsFrontPageListsTheEpisodesAndTheTrashAndRestoresFromIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("eps"));
        new TestEpisode(root.resolve("ep-1")).control(0, 1500, 1500).frame(5).write();
        new TestEpisode(root.resolve(".trash/ep-2")).control(0, 1500, 1500).frame(5).write();
        int port = WebPageE2ETest.freePort();
        Cli review = Cli.start(tmp, "review", "review", "--out", root.toString(), "--web", Integer.toString(port));
        try (Browser browser = Browser.start()) {
            review.awaitStderr("Web page: http://127.0.0.1:" + port + "/", Duration.ofSeconds(60));
            var d = browser.driver;
            d.get("http://127.0.0.1:" + port + "/");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (d.findElements(By.linkText("ep-1")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(d.findElement(By.id("state")).getText()).isEqualTo("REVIEW ONLY");
            assertThat(d.findElement(By.id("camera")).isDisplayed()).isFalse();
            assertThat(d.findElement(By.id("record")).isDisplayed()).isFalse();
            // The lists re-render now and then: a button found just before that is stale by the click.
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    d.findElement(By.cssSelector("#trash button")).click();
                    break;
                } catch (org.openqa.selenium.StaleElementReferenceException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
            deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (d.findElements(By.linkText("ep-2")).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(d.findElements(By.linkText("ep-2"))).hasSize(1);
            assertThat(root.resolve("ep-2/metadata.json")).exists();
            assertThat(root.resolve(".trash/ep-2")).doesNotExist();
        } finally {
            review.signal("TERM");
            review.await(Duration.ofSeconds(20));
        }
    }

    @Test
    void aBadWebValueOrATakenPortIsAOneLineErrorBeforeAnyDeviceOpens() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("eps"));
        Cli bad = Cli.run(tmp, "bad", Duration.ofSeconds(60), "drive", "--serial", "/dev/does-not-exist",
                "--camera", "test", "--out", out.toString(), "--web", "localhost:http");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr().strip()).startsWith("drivetape: --web takes [HOST:]PORT").doesNotContain("\n")
                .doesNotContain("serial");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli busy = Cli.run(tmp, "busy", Duration.ofSeconds(60), "record", "--serial", "/dev/does-not-exist",
                    "--camera", "test", "--out", out.toString(), "--web", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exitCode()).isEqualTo(2);
            assertThat(busy.stderr().strip()).startsWith("drivetape: --web 127.0.0.1:" + taken.getLocalPort()
                    + ": cannot listen there").doesNotContain("\n").doesNotContain("serial");
            Cli review = Cli.run(tmp, "review-busy", Duration.ofSeconds(60), "review", "--out", out.toString(),
                    "--web", Integer.toString(taken.getLocalPort()));
            assertThat(review.exitCode()).isEqualTo(2);
            assertThat(review.stderr()).contains("cannot listen there");
        }
    }
}
