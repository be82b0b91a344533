package drivetape.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.sim.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets one clear line on stderr, a non-zero exit, no stack trace, and creates no episode. */
class BadInputE2ETest {
    @TempDir
    static Path tmp;
    static PtyPair pty;

    @BeforeAll
    static void startPty() throws Exception {
        pty = PtyPair.start(tmp.resolve("pty"));
    }

    @AfterAll
    static void stopPty() {
        pty.close();
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("missing port", List.of("--serial", "/dev/ttyNOPE0"), "does not exist"),
                Arguments.of("regular file as port", List.of("--serial", "/etc/hostname"), "not a serial port"),
                Arguments.of("missing camera", List.of("--camera", "/dev/video99"), "/dev/video99"),
                Arguments.of("missing video file", List.of("--camera", "/nonexistent/drive.mp4"), "drive.mp4"),
                Arguments.of("text file as video", List.of("--camera", "/etc/hostname"), "/etc/hostname"),
                Arguments.of("IP camera not there", List.of("--camera", "http://127.0.0.1:" + closedPort() + "/"),
                        "refused the connection"),
                Arguments.of("malformed resolution", List.of("--resolution", "640*480"), "WIDTHxHEIGHT"),
                Arguments.of("zero fps", List.of("--fps", "0"), "--fps"),
                Arguments.of("non-numeric fps", List.of("--fps", "fast"), "--fps"),
                Arguments.of("negative duration", List.of("--duration", "-3"), "--duration"),
                Arguments.of("non-numeric duration", List.of("--duration", "1m"), "--duration"),
                Arguments.of("zero baud", List.of("--baud", "0"), "--baud"),
                Arguments.of("non-numeric baud", List.of("--baud", "fast"), "--baud"),
                Arguments.of("quality out of range", List.of("--jpeg-quality", "101"), "--jpeg-quality"),
                Arguments.of("unsafe episode id", List.of("--episode-id", "../escape"), "episode id"),
                Arguments.of("unknown option", List.of("--colour", "red"), "--colour"),
                Arguments.of("output under a file", List.of("--out", "/etc/hostname/episodes"), "--out"));
    }

    /** A loopback port nothing listens on (free a moment ago). */
    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void saysWhatIsWrongInOneLine(String name, List<String> override, String mentions) throws Exception {
        Path out = tmp.resolve("out-" + name.replace(' ', '-'));
        List<String> args = new ArrayList<>(List.of("record", "--serial", pty.hostSide().toString(),
                "--camera", "test", "--duration", "2", "--out", out.toString()));
        for (int i = 0; i < override.size(); i += 2) {
            int at = args.indexOf(override.get(i));
            if (at >= 0) {
                args.set(at + 1, override.get(i + 1));
            } else {
                args.add(override.get(i));
                args.add(override.get(i + 1));
            }
        }
        Cli cli = Cli.run(tmp, name.replace(' ', '-'), Duration.ofSeconds(60), args.toArray(String[]::new));

        String err = cli.stderr();
        assertThat(cli.exitCode()).as(err).isNotZero();
        assertOneLineError(err, mentions);
        assertThat(cli.stdout()).isEmpty();
        if (Files.isDirectory(out)) {
            try (var episodes = Files.list(out)) {
                assertThat(episodes).as("no episode is created for bad input").isEmpty();
            }
        }
    }

    @Test
    void aBusyPortIsRefusedWithoutDisturbingTheRecordingThatHasIt() throws Exception {
        Path out = tmp.resolve("busy");
        Cli first = Cli.start(tmp, "busy-first", "record", "--serial", pty.hostSide().toString(), "--camera", "test",
                "--duration", "6", "--out", out.toString(), "--resolution", "160x120");
        Path episode = first.awaitEpisodePath(Duration.ofSeconds(60));
        Cli second = Cli.run(tmp, "busy-second", Duration.ofSeconds(60), "record", "--serial",
                pty.hostSide().toString(), "--camera", "test", "--duration", "2", "--out", out.toString());
        assertThat(second.exitCode()).isNotZero();
        assertOneLineError(second.stderr(), "busy");
        assertThat(first.await(Duration.ofSeconds(40))).as(first.stderr()).isZero();
        assertThat(Episodes.metadata(episode).get("status").asText()).isEqualTo("complete");
        try (var episodes = Files.list(out)) {
            assertThat(episodes).hasSize(1);
        }
    }

    @Test
    void helpIsThereForEveryCommand() throws Exception {
        for (String[] args : new String[][] {{"--help"}, {"record", "--help"}, {"demo", "--help"},
                {"simulate", "--help"}, {"simulate", "controller", "--help"}}) {
            Cli cli = Cli.run(tmp, "help-" + String.join("-", args), Duration.ofSeconds(30), args);
            assertThat(cli.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(cli.stdout()).startsWith("Usage: drivetape");
        }
    }

    static void assertOneLineError(String err, String mentions) {
        String trimmed = err.strip();
        // The build note of a first run may precede the error; the error itself is the last line.
        String last = trimmed.substring(trimmed.lastIndexOf('\n') + 1);
        assertThat(last).startsWith("drivetape").contains(mentions);
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(trimmed.lines().filter(l -> !l.startsWith("drivetape: building")).count()).as(err).isEqualTo(1);
    }
}
