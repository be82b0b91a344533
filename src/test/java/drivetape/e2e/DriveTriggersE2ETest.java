package drivetape.e2e;

import static drivetape.e2e.Episodes.assertFramesConsistent;
import static drivetape.e2e.Episodes.metadata;
import static drivetape.e2e.Episodes.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.sim.PtyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Episodes started and ended by the transmitter, through the real CLI: the simulator flips its aux switch (or
 * idles its throttle) at scripted true moments, and every episode is held to those moments.
 */
class DriveTriggersE2ETest {
    private static final long FRAME_NS = 33_333_333L;
    /** What the recorder's estimate of a sample's moment may be off by under load (TIMING.md has the figures). */
    private static final long CLOCK_NS = 3_000_000L;

    @TempDir
    Path tmp;

    /** The true moments of the aux flips, on the episode time base (true_mono_ns converted). */
    private static List<Long> auxFlips(Path truth, JsonNode metadata) throws Exception {
        long epoch = metadata.get("time_base").get("epoch_ns_at_start").asLong();
        long mono = metadata.get("time_base").get("monotonic_ns_at_start").asLong();
        List<Long> flips = new ArrayList<>();
        for (String[] row : rows(truth)) {
            if (row[1].equals("aux")) {
                flips.add(epoch + Long.parseLong(row[3]) - mono);
            }
        }
        return flips;
    }

    private Cli driveUntilTheSimulatorEnds(List<String> simArgs, String... driveArgs) throws Exception {
        try (PtyPair pty = PtyPair.start(tmp.resolve("pty"))) {
            List<String> args = new ArrayList<>(List.of("drive", "--serial", pty.hostSide().toString(), "--camera",
                    "test", "--resolution", "320x240", "--out", tmp.resolve("eps").toString()));
            args.addAll(List.of(driveArgs));
            Cli drive = Cli.startWithKeyboard(tmp, "drive", args.toArray(String[]::new));
            // The board's script starts once the session runs (camera on), as on a car whose camera has long
            // been on when the driver first flips the switch.
            drive.awaitStderr("Session started", Duration.ofSeconds(60));
            List<String> sim = new ArrayList<>(List.of("simulate", "controller", "--port",
                    pty.controllerSide().toString()));
            sim.addAll(simArgs);
            Cli simulator = Cli.run(tmp, "sim", Duration.ofSeconds(90), sim.toArray(String[]::new));
            assertThat(simulator.exitCode()).as(simulator.stderr()).isZero();
            Thread.sleep(500);
            drive.type("q");
            assertThat(drive.await(Duration.ofSeconds(30))).as(drive.stderr()).isZero();
            return drive;
        }
    }

    @Test
    void twoFlipsOfTheSwitchMakeTwoEpisodesWhoseFramesMatchTheSwitchMoments() throws Exception {
        Path truth = tmp.resolve("truth.csv");
        Cli drive = driveUntilTheSimulatorEnds(List.of("--channels", "steering,throttle,aux", "--aux-flips",
                "4,7,9,12", "--duration", "14", "--truth", truth.toString()), "--record-switch", "aux");

        List<Path> episodes = drive.episodePaths();
        assertThat(episodes).as(drive.stderr()).hasSize(2);
        List<Long> flips = auxFlips(truth, metadata(episodes.get(0)));
        assertThat(flips).hasSize(4);
        for (int e = 0; e < 2; e++) {
            Path episode = episodes.get(e);
            JsonNode m = metadata(episode);
            assertThat(m.get("status").asText()).isEqualTo("complete");
            assertThat(m.get("session").get("episode_index").asInt()).isEqualTo(e);
            assertFramesConsistent(episode, 320, 240);
            long on = flips.get(2 * e);
            long off = flips.get(2 * e + 1);
            List<String[]> controls = rows(episode.resolve("controls.csv"));
            List<String[]> frames = rows(episode.resolve("frames.csv"));
            // The first sample is the switch sample, timed at its true moment.
            assertThat(controls.get(0)[6]).isEqualTo("2000");
            assertThat(Long.parseLong(controls.get(0)[3]) - on).isBetween(-CLOCK_NS, CLOCK_NS);
            // The first frame is the first at or after that moment, the last the last before it went back.
            long firstFrame = Long.parseLong(frames.get(0)[1]);
            long lastFrame = Long.parseLong(frames.get(frames.size() - 1)[1]);
            assertThat(firstFrame - on).as("first frame after the switch").isBetween(-CLOCK_NS, FRAME_NS + CLOCK_NS);
            assertThat(off - lastFrame).as("last frame before it").isBetween(-CLOCK_NS, FRAME_NS + CLOCK_NS);
            assertThat(frames.size()).isBetween((int) ((off - on) / FRAME_NS) - 6, (int) ((off - on) / FRAME_NS) + 2);
        }
    }

    @Test
    void preRollHoldsTheSecondsBeforeTheFlip() throws Exception {
        Path truth = tmp.resolve("truth.csv");
        Cli drive = driveUntilTheSimulatorEnds(List.of("--channels", "steering,throttle,aux", "--aux-flips",
                "5,8", "--duration", "10", "--truth", truth.toString()), "--record-switch", "aux",
                "--pre-roll", "2");

        List<Path> episodes = drive.episodePaths();
        assertThat(episodes).as(drive.stderr()).hasSize(1);
        List<Long> flips = auxFlips(truth, metadata(episodes.get(0)));
        long on = flips.get(0);
        List<String[]> frames = rows(episodes.get(0).resolve("frames.csv"));
        List<String[]> controls = rows(episodes.get(0).resolve("controls.csv"));
        long firstFrame = Long.parseLong(frames.get(0)[1]);
        assertThat(firstFrame - (on - 2_000_000_000L)).isBetween(-CLOCK_NS, FRAME_NS + CLOCK_NS);
        assertThat(Long.parseLong(controls.get(0)[3]) - (on - 2_000_000_000L)).isBetween(-CLOCK_NS, 20_000_000L + CLOCK_NS);
        assertThat(controls.get(0)[6]).as("pre-roll samples read the switch off").isEqualTo("1000");
        assertThat(metadata(episodes.get(0)).get("duration_s").asDouble()).isBetween(4.9, 5.1);
    }

    @Test
    void theThrottleStartsAnEpisodeAndItsIdleTimeEndsIt() throws Exception {
        // Idle until 4 s, driving from 4 to 7 s, idle after: one episode from 4 s to 7 + 1 s.
        // A fixed seed: how soon after 4 s the throttle leaves the 40 us deadband depends on the signal drawn.
        Cli drive = driveUntilTheSimulatorEnds(List.of("--throttle-idle", "0:4,7:11", "--duration", "11",
                "--seed", "3"), "--record-on-throttle=1");

        List<Path> episodes = drive.episodePaths();
        assertThat(episodes).as(drive.stderr()).hasSize(1);
        JsonNode m = metadata(episodes.get(0));
        System.out.println("throttle episode: duration_s " + m.get("duration_s").asDouble());
        // 4 s of driving, less the moment the drawn signal takes to leave the deadband (0.16 s at seed 3).
        assertThat(m.get("duration_s").asDouble()).isBetween(3.7, 4.2);
        List<String[]> controls = rows(episodes.get(0).resolve("controls.csv"));
        assertThat(Math.abs(Integer.parseInt(controls.get(0)[5]) - 1500)).as("driving at the start").isGreaterThan(40);
        assertThat(controls.get(controls.size() - 1)[5]).as("idle at the end").isEqualTo("1500");
    }
}
