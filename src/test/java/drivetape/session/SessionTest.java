package drivetape.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.camera.CameraOpener;
import drivetape.camera.FrameSources;
import drivetape.dataset.Controls;
import drivetape.dataset.Frames;
import drivetape.episode.EpisodeResult;
import drivetape.episode.EpisodeSpec;
import drivetape.serial.LinkOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions in one JVM, with a scripted board on an in-process link and FFmpeg's test pattern: the
 * triggers, the episode boundaries, pre-roll and board changes, checked on the files.
 */
class SessionTest {
    /** A frame period at 30 fps, plus what refining the control times at the end may move them by. */
    private static final long FRAME_SLACK_NS = 34_000_000L + 3_000_000L;

    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();

    private SessionSettings settings(Triggers triggers) {
        return new SessionSettings(root, new SessionSettings.Writing(200, 64L << 20, 2, 80, 5_000), triggers, null,
                CameraLatencyChoice.fixed(EpisodeSpec.CameraLatency.NONE), 115200, true);
    }

    /** Runs a session for {@code seconds} with the board's script, then quits it; returns its episodes. */
    private List<EpisodeResult> drive(Triggers triggers, String channels, DoubleFunction<int[]> script,
                                      double seconds, java.util.function.Consumer<Session> during) throws Exception {
        try (ScriptedBoard board = new ScriptedBoard(channels, script)) {
            CameraOpener camera = () -> FrameSources.open("test", 160, 120, 30);
            Session session = Session.open(settings(triggers), LinkOpener.once(board.link().hostSide()), "in-process",
                    camera, new Session.Listener() { });
            CompletableFuture<List<EpisodeResult>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                // The board's script starts once the camera delivers, as on a car whose camera has long been on.
                session.live().watchFrames(30_000);
                assertThat(session.live().awaitFrame(0, 30_000)).as("a first frame").isNotNull();
                board.start();
                during.accept(session);
                Thread.sleep((long) (seconds * 1000));
                session.command(Command.now(Command.Kind.QUIT, "test"));
                return run.get(30, TimeUnit.SECONDS);
            } finally {
                session.close();
            }
        }
    }

    private static int[] aux(double s, double... flips) {
        boolean on = false;
        for (double f : flips) {
            if (s >= f) {
                on = !on;
            }
        }
        return new int[] {1500, 1500, on ? 2000 : 1000};
    }

    /** t_ns of the first sample in the episode whose aux reads {@code on}, from the first row on. */
    private static long firstAux(Controls c, boolean on) {
        int aux = c.channels().indexOf("aux");
        for (int i = 0; i < c.size(); i++) {
            if ((c.value(aux, i) > 1500) == on) {
                return c.tNs(i);
            }
        }
        throw new AssertionError("no sample with aux " + (on ? "on" : "off"));
    }

    @Test
    void eachFlipOfTheSwitchIsAnEpisodeWhoseFramesFollowTheSwitchMoments() throws Exception {
        List<EpisodeResult> episodes = drive(new Triggers(new RecordSwitch("aux", 1500), null, 0, null),
                "steering,throttle,aux", s -> aux(s, 1.5, 3.5, 4.5, 6.0), 7.5, s -> { });

        assertThat(episodes).hasSize(2);
        for (int e = 0; e < 2; e++) {
            Path dir = episodes.get(e).directory();
            Controls c = Controls.read(dir);
            Frames f = Frames.read(dir);
            JsonNode m = json.readTree(dir.resolve("metadata.json").toFile());
            assertThat(m.get("status").asText()).isEqualTo("complete");
            assertThat(m.get("session").get("episode_index").asInt()).isEqualTo(e);
            assertThat(m.get("controller").get("channels").toString()).isEqualTo("[\"steering\",\"throttle\",\"aux\"]");
            // The episode starts at the switch sample: its first sample is that one.
            int aux = c.channels().indexOf("aux");
            assertThat(c.value(aux, 0)).isEqualTo(2000);
            long on = c.tNs(0);
            long off = firstAux(c, false);
            // Its frames lie from the switch's moment to the moment it went back, none outside.
            assertThat(f.size()).isGreaterThan(20);
            assertThat(f.tNs(0)).isBetween(on - 3_000_000L, on + FRAME_SLACK_NS);
            assertThat(f.tNs(f.size() - 1)).isBetween(off - FRAME_SLACK_NS, off + 3_000_000L);
            // The last sample is the one that turned it off.
            assertThat(c.value(aux, c.size() - 1)).isEqualTo(1000);
            assertThat(Files.readAllLines(dir.resolve("aligned.csv")).size()).isGreaterThan(20);
        }
        double firstS = episodes.get(0).figures().durationS();
        double secondS = episodes.get(1).figures().durationS();
        assertThat(firstS).isBetween(1.9, 2.1);
        assertThat(secondS).isBetween(1.4, 1.6);
    }

    @Test
    void preRollHoldsTheSecondsBeforeTheTrigger() throws Exception {
        List<EpisodeResult> episodes = drive(new Triggers(new RecordSwitch("aux", 1500), null, 1.0, null),
                "steering,throttle,aux", s -> aux(s, 2.5, 4.0), 5.0, s -> { });

        assertThat(episodes).hasSize(1);
        Path dir = episodes.get(0).directory();
        Controls c = Controls.read(dir);
        Frames f = Frames.read(dir);
        long on = firstAux(c, true);
        assertThat(c.tNs(0)).isBetween(on - 1_000_000_000L - 3_000_000L, on - 1_000_000_000L + 25_000_000L);
        assertThat(f.tNs(0)).isBetween(on - 1_000_000_000L - 3_000_000L, on - 1_000_000_000L + FRAME_SLACK_NS);
        assertThat(episodes.get(0).figures().durationS()).isBetween(2.4, 2.6);
    }

    @Test
    void theThrottleRecordsWhileDrivingAndStopsItsIdleTimeAfter() throws Exception {
        // Neutral, then driving from 1 s to 2.5 s, then neutral: the episode ends 1 s after 2.5 s.
        List<EpisodeResult> episodes = drive(new Triggers(null, 1.0, 0, null), "steering,throttle",
                s -> new int[] {1500, s >= 1.0 && s < 2.5 ? 1650 : 1500}, 5.0, x -> { });

        assertThat(episodes).hasSize(1);
        Controls c = Controls.read(episodes.get(0).directory());
        assertThat(c.value(1, 0)).isEqualTo(1650);
        assertThat(episodes.get(0).figures().durationS()).isBetween(2.4, 2.6);
        assertThat(c.value(1, c.size() - 1)).isEqualTo(1500);
    }

    @Test
    void aBoardThatChangesItsChannelsEndsTheEpisodeAndStartsOneWithTheNewColumns() throws Exception {
        List<EpisodeResult> episodes = drive(Triggers.MANUAL, "steering,throttle",
                s -> s < 2.0 ? new int[] {1500, 1500} : new int[] {1500, 1500, 1000}, 4.0,
                session -> session.command(Command.now(Command.Kind.START, "test")));

        assertThat(episodes).hasSize(2);
        assertThat(Controls.read(episodes.get(0).directory()).channels()).containsExactly("steering", "throttle");
        assertThat(Controls.read(episodes.get(1).directory()).channels()).containsExactly("steering", "throttle", "aux");
        JsonNode second = json.readTree(episodes.get(1).directory().resolve("metadata.json").toFile());
        assertThat(second.get("controller").get("hello").asText()).contains("channels=steering,throttle,aux");
        assertThat(Controls.read(episodes.get(1).directory()).size()).isGreaterThan(50);
    }

    @Test
    void maxEpisodeSplitsContinuousRecordingWithoutAGap() throws Exception {
        List<EpisodeResult> episodes = drive(new Triggers(null, null, 0, 1.5), "steering,throttle",
                s -> new int[] {1500, 1500}, 4.0, session -> session.command(Command.now(Command.Kind.START, "test")));

        assertThat(episodes.size()).isGreaterThanOrEqualTo(2);
        Frames first = Frames.read(episodes.get(0).directory());
        Frames second = Frames.read(episodes.get(1).directory());
        // The split is one moment: the first episode's frames are all before it, the second's all after.
        JsonNode m = json.readTree(episodes.get(0).directory().resolve("metadata.json").toFile());
        long split = m.get("time_base").get("epoch_ns_at_start").asLong() + 1_500_000_000L;
        assertThat(first.tNs(first.size() - 1)).isLessThan(split);
        assertThat(second.tNs(0)).isGreaterThanOrEqualTo(split);
        assertThat(second.tNs(0) - first.tNs(first.size() - 1)).as("no frame lost at the split").isLessThan(100_000_000L);
        assertThat(episodes.get(0).figures().durationS()).isBetween(1.49, 1.51);
    }
}
