package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drivetape drive} through the real CLI over socat: the keyboard, signals, a crash and the next start,
 * a pulled cable, a full disk, and the configuration errors it must refuse at start.
 */
class DriveE2ETest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Cli simulator(PtyPair pty, String name) throws Exception {
        return Cli.start(tmp, name, "simulate", "controller", "--port", pty.controllerSide().toString(),
                "--rate", "50", "--duration", "120");
    }

    private Cli drive(PtyPair pty, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("drive", "--serial", pty.hostSide().toString(), "--camera",
                "test", "--resolution", "320x240", "--out", out.toString()));
        args.addAll(List.of(extra));
        Cli drive = Cli.startWithKeyboard(tmp, "drive", args.toArray(String[]::new));
        drive.awaitStderr("Session started", START);
        return drive;
    }

    /** Waits until the n-th episode path is on stdout. */
    private static Path awaitEpisode(Cli drive, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> paths = drive.episodePaths();
            if (paths.size() >= n) {
                return paths.get(n - 1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no episode " + n + " within 30 s:\n" + drive.stderr());
    }

    private static void awaitFinished(Cli drive, Path episode) throws Exception {
        drive.awaitStderr("Episode " + episode + ":", Duration.ofSeconds(30));
    }

    private static void assertWhole(Path episode, String status) throws Exception {
        JsonNode m = metadata(episode);
        assertThat(m.get("status").asText()).as(episode.toString()).isEqualTo(status);
        JsonNode counts = m.get("counts");
        assertThat(rows(episode.resolve("controls.csv"))).hasSize(counts.get("controls").asInt());
        assertThat(rows(episode.resolve("frames.csv"))).hasSize(counts.get("frames").asInt());
        assertThat(counts.get("frames").asLong()).isPositive();
        assertFramesConsistent(episode, 320, 240);
        assertThat(episode.resolve(".drivetape-lock")).doesNotExist();
        assertThat(episode.resolve("aligned.csv")).exists();
    }

    @Test
    void theKeyboardStartsAndStopsEpisodesAndSigtermFinishesTheOpenOne() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = simulator(pty, "sim");
            Path out = tmp.resolve("eps");
            Cli drive = drive(pty, out);
            drive.type("");
            Path first = awaitEpisode(drive, 1);
            Thread.sleep(2000);
            drive.type("");
            awaitFinished(drive, first);
            drive.type("");
            Path second = awaitEpisode(drive, 2);
            Thread.sleep(1500);
            drive.signal("TERM");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim.signal("TERM");

            assertWhole(first, "complete");
            assertWhole(second, "complete");
            assertThat(metadata(first).get("duration_s").asDouble()).isBetween(1.8, 3.5);
            assertThat(metadata(first).get("session").get("episode_index").asInt()).isZero();
            assertThat(metadata(second).get("session").get("episode_index").asInt()).isEqualTo(1);
            assertThat(metadata(second).get("session").get("id").asText())
                    .isEqualTo(metadata(first).get("session").get("id").asText());
            assertThat(drive.stderr()).contains("Session: 2 episodes").doesNotContain("Exception");
        }
    }

    @Test
    void qEndsTheSessionAndAnEpisodeOpenAtThatMomentIsFinished() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = simulator(pty, "sim");
            Cli drive = drive(pty, tmp.resolve("eps"));
            drive.type("");
            Path episode = awaitEpisode(drive, 1);
            Thread.sleep(1500);
            drive.type("q");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim.signal("TERM");
            assertWhole(episode, "complete");
        }
    }

    @Test
    void afterKillMinus9TheNextDriveRecoversTheEpisodeAndALiveOneCannotBeRecovered() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = simulator(pty, "sim");
            Path out = tmp.resolve("eps");
            Cli crashed = drive(pty, out);
            crashed.type("");
            Path episode = awaitEpisode(crashed, 1);
            Thread.sleep(3000);
            crashed.signal("KILL");
            crashed.await(Duration.ofSeconds(10));
            assertThat(metadata(episode).get("status").asText()).isEqualTo("recording");
            long rowsAtKill = rows(episode.resolve("controls.csv")).size();

            Cli next = drive(pty, out);
            assertThat(next.stderr()).contains("Recovered " + episode);
            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("recovered");
            assertThat(m.get("recovered_at").asText()).isNotEmpty();
            assertThat(m.get("counts").get("controls").asLong()).isBetween(rowsAtKill - 1, rowsAtKill);
            assertWhole(episode, "recovered");
            // A power cut loses about a second at most: the files reach to within a second of the kill.
            assertThat(m.get("duration_s").asDouble()).isGreaterThan(1.5);

            next.type("");
            Path live = awaitEpisode(next, 1);
            Thread.sleep(500);
            Cli refused = Cli.run(tmp, "recover", Duration.ofSeconds(60), "recover", live.toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.stderr()).contains("being recorded by a running drivetape");
            next.type("q");
            assertThat(next.await(Duration.ofSeconds(30))).as(next.stderr()).isZero();
            sim.signal("TERM");
            assertWhole(live, "complete");
        }
    }

    @Test
    void aControllerUnpluggedAndBackKeepsTheEpisodeAndLosesNothing() throws Exception {
        Path ptyDir = tmp.resolve("pty");
        PtyPair pty = PtyPair.start(ptyDir);
        Cli sim = simulator(pty, "sim1");
        Cli drive = drive(pty, tmp.resolve("eps"));
        drive.type("");
        Path episode = awaitEpisode(drive, 1);
        Thread.sleep(2500);
        // The cable comes out.
        sim.signal("TERM");
        sim.await(Duration.ofSeconds(10));
        pty.close();
        drive.awaitStderr("the controller went away", Duration.ofSeconds(10));
        Thread.sleep(1500);
        // It goes back in: the same port, a board that starts over at seq 1.
        try (PtyPair again = PtyPair.start(ptyDir)) {
            Cli sim2 = simulator(again, "sim2");
            drive.awaitStderr("the controller is back", Duration.ofSeconds(20));
            Thread.sleep(2500);
            drive.type("");
            awaitFinished(drive, episode);
            drive.type("q");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim2.signal("TERM");
        }

        assertWhole(episode, "complete");
        JsonNode m = metadata(episode);
        JsonNode outage = m.get("outages").get(0);
        assertThat(outage.get("device").asText()).isEqualTo("controller");
        long from = outage.get("from_ns").asLong();
        long to = outage.get("to_ns").asLong();
        assertThat(to - from).isBetween(1_000_000_000L, 20_000_000_000L);
        assertThat(m.get("counts").get("board_resets").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(m.get("counts").get("lost_samples").asLong()).isZero();
        assertThat(m.get("clock").get("per_segment").size()).isGreaterThanOrEqualTo(2);
        // Every record of each board run is there, in order: the second run starts over at seq 1. Samples and
        // events share seq (the board answers the recorder's pings with pong events), so both files count.
        List<String[]> controls = new java.util.ArrayList<>(rows(episode.resolve("controls.csv")));
        controls.addAll(rows(episode.resolve("events.csv")));
        controls.sort(java.util.Comparator.<String[]>comparingLong(r -> Long.parseLong(r[2]))
                .thenComparingLong(r -> Long.parseLong(r[0])));
        int restart = -1;
        for (int i = 1; i < controls.size(); i++) {
            long seq = Long.parseLong(controls.get(i)[0]);
            long previous = Long.parseLong(controls.get(i - 1)[0]);
            if (seq < previous) {
                assertThat(restart).as("one restart").isEqualTo(-1);
                restart = i;
                assertThat(seq).isEqualTo(1);
            } else {
                assertThat(seq).as("row " + i).isEqualTo(previous + 1);
            }
        }
        assertThat(restart).as("the board started over").isPositive();
        assertThat(controls.size() - restart).isGreaterThan(50);
        // The camera kept recording through the outage.
        long framesInOutage = rows(episode.resolve("frames.csv")).stream()
                .filter(f -> Long.parseLong(f[1]) > from && Long.parseLong(f[1]) < to).count();
        assertThat(framesInOutage).isGreaterThan(20);
    }

    @Test
    void aFullDiskEndsTheEpisodeAndTheSessionGoesOnWhenThereIsRoomAgain() throws Exception {
        Path small = Files.createDirectories(tmp.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here: " + new String(mount.getInputStream().readAllBytes()));
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = simulator(pty, "sim");
            Cli drive = Cli.startWithKeyboard(tmp, "drive", "drive", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--resolution", "640x480", "--jpeg-quality", "100", "--out", small.toString());
            drive.awaitStderr("Session started", START);
            drive.type("");
            Path full = awaitEpisode(drive, 1);
            awaitFinished(drive, full);
            assertThat(drive.stderr()).contains("disk full");
            assertThat(drive.isAlive()).isTrue();
            JsonNode m = metadata(full);
            assertThat(m.get("status").asText()).isEqualTo("interrupted");
            assertThat(m.get("problem").asText()).contains("disk full");
            Thread.sleep(1500);
            assertThat(drive.episodePaths()).hasSize(1);
            // Room again: the driver copies the frames off the car.
            try (Stream<Path> frames = Files.list(full.resolve("frames"))) {
                for (Path f : frames.toList()) {
                    Files.delete(f);
                }
            }
            drive.awaitStderr("there is room on the disk again", Duration.ofSeconds(20));
            Path next = awaitEpisode(drive, 2);
            Thread.sleep(300);
            drive.type("");
            awaitFinished(drive, next);
            drive.type("q");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            sim.signal("TERM");
            assertThat(metadata(next).get("status").asText()).isIn("complete", "interrupted");
            assertThat(metadata(next).get("counts").get("frames_written").asLong()).isPositive();
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aSwitchTheBoardDoesNotHaveIsRefusedNamingItsChannels() throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            Cli sim = simulator(pty, "sim");
            Cli drive = Cli.run(tmp, "drive", Duration.ofSeconds(60), "drive", "--serial", pty.hostSide().toString(),
                    "--camera", "test", "--out", tmp.resolve("eps").toString(), "--record-switch", "aux");
            sim.signal("TERM");
            assertThat(drive.exitCode()).isEqualTo(2);
            assertThat(drive.stderr()).contains("--record-switch aux").contains("steering,throttle")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void badTriggerOptionsAreOneLineErrors() throws Exception {
        String[][] cases = {
            {"--record-switch", "aux:9000"},
            {"--record-switch", "a u x"},
            {"--pre-roll", "30"},
            {"--pre-roll", "-1"},
            {"--max-episode", "0"},
            {"--record-on-throttle=-3"},
        };
        for (String[] extra : cases) {
            List<String> args = new ArrayList<>(List.of("drive", "--serial", "/dev/null-port", "--camera", "test",
                    "--out", tmp.resolve("eps").toString()));
            args.addAll(List.of(extra));
            Cli drive = Cli.run(tmp, "bad", Duration.ofSeconds(60), args.toArray(String[]::new));
            assertThat(drive.exitCode()).as(String.join(" ", extra) + ": " + drive.stderr()).isEqualTo(2);
            assertThat(drive.stderr().strip().lines().count()).as(drive.stderr()).isEqualTo(1);
        }
    }
}
