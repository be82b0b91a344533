package drivetape.cli;

import drivetape.camera.CameraOpener;
import drivetape.episode.EpisodeSpec;
import drivetape.serial.LinkOpener;
import drivetape.session.CameraLatencyChoice;
import drivetape.session.SessionSettings;
import drivetape.session.Triggers;
import drivetape.serial.SerialLink;
import drivetape.sim.BoardPort;
import drivetape.sim.Capability;
import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.InProcessLink;
import drivetape.sim.PtyPair;
import drivetape.sim.SimConfig;
import drivetape.status.StatusLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drivetape demo}: a whole recording with no hardware. A simulated controller talks over a
 * pseudo-terminal pair (socat), exactly as an Arduino would over USB, and the camera is FFmpeg's test
 * pattern.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Records a demo episode with no hardware: a simulated controller on a pseudo-terminal"
                + " (socat) and the synthetic test camera, then prints the summary."})
final class DemoCommand implements Callable<Integer> {
    private static final int BAUD = 115200;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to record (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "episodes",
            description = "Directory the episode is created in (default: ./${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!(duration > 0 && duration <= 24 * 3600)) {
            throw new UserError("--duration must be a positive number of seconds, e.g. --duration 10");
        }
        SessionSettings settings = new SessionSettings(WriterOptions.dataRoot(out),
                new SessionSettings.Writing(200, 256L << 20, 2, 90, 10_000), Triggers.MANUAL,
                new SessionSettings.Single(null, duration),
                CameraLatencyChoice.fixed(EpisodeSpec.CameraLatency.NONE), BAUD, true);
        long seed = ThreadLocalRandom.current().nextLong();
        TempDirectory linkDirectory = TempDirectory.create("drivetape-demo-");
        PtyPair pty = null;
        ControllerRunner[] runner = {null};
        try {
            SerialLink hostSide;
            OutputStream controllerSide;
            InputStream hostLines = null;
            String port;
            SimConfig.Builder controller = SimConfig.builder().seed(seed);
            if (PtyPair.socatAvailable()) {
                pty = PtyPair.start(linkDirectory.path());
                port = pty.hostSide().toString();
                hostSide = Devices.serial(port, BAUD);
                BoardPort board = BoardPort.open(pty.controllerSide().toString(), BAUD);
                controllerSide = board.output();
                hostLines = board.input(); // the board answers the recorder's pings: the two-way clock
            } else {
                StatusLine.forStderr().info("socat is not installed: the simulated controller talks over an"
                        + " in-process link instead of a pseudo-terminal (apt-get install socat for the real path)");
                InProcessLink link = new InProcessLink();
                port = "in-process";
                hostSide = link.hostSide();
                controllerSide = link.controllerSide();
                // This link carries nothing back to the board, so it must not announce pings and blinks.
                controller.caps(Capability.parseList("none"));
            }
            SimConfig config = controller.build();
            InputStream input = hostLines;
            // The controller "boots" once the recorder reads its port, as a real board resets when its
            // port is opened, so its hello line is seen and every line is stamped as it arrives.
            return SessionRun.run(settings, LinkOpener.once(hostSide), port,
                    CameraOpener.once(Devices.camera("test", new Resolution(640, 360), 30)), 0,
                    () -> runner[0] = ControllerRunner.on(new ControllerSchedule(config), controllerSide).input(input)
                            .duration(ControllerRunner.UNTIL_CLOSED).start(), null);
        } finally {
            if (runner[0] != null) {
                runner[0].close();
            }
            if (pty != null) {
                pty.close();
            }
            linkDirectory.close();
        }
    }
}
