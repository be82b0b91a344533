package drivetape.e2e;

import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import drivetape.dataset.Aligned;
import drivetape.dataset.Excluded;
import drivetape.sim.PtyPair;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web page in a real browser against a real {@code drive --web} over socat and the simulator: the live
 * page's camera and channel values move, its button records an episode, and the review page steps through that
 * episode and excludes a range (aligned.csv on disk changes). Screenshots at phone and laptop sizes go to
 * docs/web/.
 */
class WebPageE2ETest {
    private static final Path SHOTS = Cli.ROOT.resolve("docs/web");

    @TempDir
    Path tmp;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Duration timeout, Supplier<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the element is not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    @Test
    void theLivePageShowsTheCarAndRecordsAnEpisodeAndTheReviewPageExcludesARange() throws Exception {
        assumeTrue(PtyPair.socatAvailable(), "socat");
        int port = freePort();
        Path out = tmp.resolve("eps");
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty")); Browser browser = Browser.start()) {
            Cli sim = Cli.start(tmp, "sim", "simulate", "controller", "--port", pty.controllerSide().toString(),
                    "--rate", "50", "--duration", "180");
            Cli drive = Cli.startWithKeyboard(tmp, "drive", "drive", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--resolution", "640x360", "--out", out.toString(), "--web",
                    Integer.toString(port));
            drive.awaitStderr("Session started", Duration.ofSeconds(60));
            assertThat(drive.stderr()).contains("Web page: http://127.0.0.1:" + port + "/");
            var d = browser.driver;
            browser.viewport(Browser.PHONE);
            d.get("http://127.0.0.1:" + port + "/");

            // Channel values move (the simulator sweeps the steering).
            await("channel values", Duration.ofSeconds(20), () ->
                    d.findElement(By.cssSelector("#ch-steering .value")).getText().matches("\\d+"));
            Set<String> steering = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                steering.add(d.findElement(By.cssSelector("#ch-steering .value")).getText());
                Thread.sleep(150);
            }
            assertThat(steering).as("steering values seen").hasSizeGreaterThan(2);
            assertThat(d.findElement(By.cssSelector("#ch-throttle .value")).getText()).matches("\\d+");
            assertThat(d.findElement(By.id("state")).getText()).isEqualTo("WAITING");

            // The preview image changes (the test pattern's clock and counter move).
            WebElement preview = d.findElement(By.id("preview"));
            await("preview decoded", Duration.ofSeconds(20), () ->
                    ((Number) d.executeScript("return arguments[0].naturalWidth", preview)).intValue() > 0);
            assertThat(((Number) d.executeScript("return arguments[0].naturalWidth", preview)).intValue())
                    .isEqualTo(640);
            byte[] first = preview.getScreenshotAs(OutputType.BYTES);
            Thread.sleep(1000);
            byte[] later = preview.getScreenshotAs(OutputType.BYTES);
            assertThat(Arrays.equals(first, later)).as("the preview changed").isFalse();
            browser.screenshot(SHOTS.resolve("live-phone.png"));

            // The button starts and stops an episode.
            WebElement record = d.findElement(By.id("record"));
            assertThat(record.getText()).isEqualTo("Start recording");
            record.click();
            Path episode = drive.awaitEpisodePath(Duration.ofSeconds(20));
            await("recording shown", Duration.ofSeconds(10), () -> d.findElement(By.id("state")).getText()
                    .contains("REC"));
            assertThat(d.findElement(By.id("episode")).getText()).isEqualTo(episode.getFileName().toString());
            Thread.sleep(3000);
            browser.viewport(Browser.LAPTOP);
            Thread.sleep(500);
            browser.screenshot(SHOTS.resolve("live-laptop.png"));
            browser.viewport(Browser.PHONE);
            d.findElement(By.id("record")).click();
            drive.awaitStderr("Episode " + episode + ":", Duration.ofSeconds(30));
            await("waiting shown", Duration.ofSeconds(10), () -> d.findElement(By.id("state")).getText()
                    .equals("WAITING"));
            assertThat(metadata(episode).get("status").asText()).isEqualTo("complete");
            int frames = rows(episode.resolve("frames.csv")).size();
            assertThat(frames).isEqualTo(metadata(episode).get("counts").get("frames").asInt()).isGreaterThan(30);
            assertThat(rows(episode.resolve("controls.csv"))).hasSizeGreaterThan(50);
            int alignedBefore = Aligned.read(episode).size();
            assertThat(alignedBefore).isGreaterThan(30);
            String id = episode.getFileName().toString();
            await("episode listed", Duration.ofSeconds(10), () -> !d.findElements(By.linkText(id)).isEmpty());

            // The review page: step with the arrow keys, mark a range, exclude it.
            // The list re-renders a few times a second: a link found just before a refresh is stale by the click.
            await("review opened", Duration.ofSeconds(10), () -> {
                d.findElement(By.linkText(id)).click();
                return true;
            });
            await("review loaded", Duration.ofSeconds(20), () -> d.findElement(By.id("count")).getText()
                    .equals(Integer.toString(frames)));
            Actions keys = new Actions(d);
            for (int i = 0; i < 3; i++) {
                keys.sendKeys(Keys.ARROW_RIGHT).perform();
            }
            assertThat(d.findElement(By.id("index")).getText()).isEqualTo("3");
            assertThat(d.findElement(By.id("frame")).getAttribute("src")).endsWith("/frames/000003.jpg");
            await("frame 3 shown", Duration.ofSeconds(10), () ->
                    ((Number) d.executeScript("return document.getElementById('frame').naturalWidth")).intValue()
                            == 640);
            d.findElement(By.id("mark-start")).click();
            for (int i = 0; i < 4; i++) {
                keys.sendKeys(Keys.ARROW_RIGHT).perform();
            }
            keys.sendKeys(Keys.ARROW_LEFT).perform();
            keys.sendKeys(Keys.ARROW_RIGHT).perform();
            assertThat(d.findElement(By.id("index")).getText()).isEqualTo("7");
            d.findElement(By.id("mark-end")).click();
            assertThat(d.findElement(By.id("range")).getText()).isEqualTo("3 … 7");
            d.findElement(By.id("exclude")).click();
            await("range excluded", Duration.ofSeconds(10), () -> d.findElement(By.id("ranges")).getText()
                    .equals("3–7"));
            assertThat(Excluded.read(episode).ranges()).containsExactly(new Excluded.Range(3, 7));
            Aligned after = Aligned.read(episode);
            assertThat(after.size()).isEqualTo(alignedBefore - 5);
            for (int i = 0; i < after.size(); i++) {
                assertThat(after.index(i)).isNotIn(3L, 4L, 5L, 6L, 7L);
            }
            assertThat(d.findElement(By.id("aligned")).getText()).isEqualTo(Integer.toString(alignedBefore - 5));

            // Play moves on at real speed.
            d.findElement(By.id("play")).click();
            Thread.sleep(1000);
            d.findElement(By.id("play")).click();
            assertThat(Integer.parseInt(d.findElement(By.id("index")).getText())).isBetween(10, 7 + 31 + 15);
            d.findElement(By.id("scrubber"));
            browser.screenshot(SHOTS.resolve("review-phone.png"));
            browser.viewport(Browser.LAPTOP);
            d.navigate().refresh();
            await("review reloaded", Duration.ofSeconds(20), () -> d.findElement(By.id("ranges")).getText()
                    .equals("3–7"));
            for (int i = 0; i < 5; i++) {
                keys.sendKeys(Keys.ARROW_RIGHT).perform();
            }
            Thread.sleep(500);
            browser.screenshot(SHOTS.resolve("review-laptop.png"));

            drive.signal("TERM");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim.signal("TERM");
            assertThat(drive.stderr()).doesNotContain("Exception");
            assertThat(List.of(out.toFile().list())).contains(id);
        }
    }
}
