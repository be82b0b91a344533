package drivetape.cli;

import drivetape.sim.BoardConfig;
import drivetape.sim.BoardPort;
import drivetape.sim.Capability;
import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.LinkKind;
import drivetape.sim.SimClock;
import drivetape.sim.SimConfig;
import drivetape.sim.SimCounts;
import drivetape.sim.TimeRange;
import drivetape.sim.TruthFile;
import drivetape.sim.camera.CameraSimConfig;
import drivetape.sim.camera.SimulatedCamera;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drivetape simulate ...}: stand-ins for the hardware, to try a setup without a car. */
@Command(name = "simulate",
        description = "Simulates hardware so the recorder can be tried without a car.",
        subcommands = {SimulateCommand.Controller.class})
public final class SimulateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code drivetape simulate controller}: an Arduino speaking protocol v1 on a serial port or pty. */
    @Command(name = "controller",
            description = {
                "Sends what the controller firmware would: a hello line, then samples of steering and "
                    + "throttle at the given rate, with a device clock that drifts and optional faults. Each "
                    + "line crosses a UART at --baud and a USB bridge's --quantum-ms grid, as on an Uno. It "
                    + "answers ?ping and ?blink from the host, and can serve a simulated IP camera.",
                "Make a virtual serial cable first with:",
                "  socat pty,raw,echo=0,link=/tmp/dt/controller pty,raw,echo=0,link=/tmp/dt/host",
                "then run this with --port /tmp/dt/controller and point the recorder at /tmp/dt/host.",
                "Runs until --duration or Ctrl+C, then prints what it sent."})
    static final class Controller implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--port", required = true, paramLabel = "PATH",
                description = "Serial port or pty to write to (and read the host's lines from), e.g. "
                        + "/tmp/dt/controller or /dev/ttyUSB0.")
        String port;

        @Option(names = "--rate", paramLabel = "HZ", defaultValue = "50",
                description = "Samples per second by the device clock, > 0 and <= 1000; a UART at 115200 "
                        + "carries at most 320 of 2 channels (default: ${DEFAULT-VALUE}).")
        double rateHz;

        @Option(names = "--drift-ppm", paramLabel = "X", defaultValue = "0",
                description = "Device clock runs this many ppm fast (negative: slow) against true time; "
                        + "an Uno's resonator is off by 1000-5000 (default: ${DEFAULT-VALUE}).")
        double driftPpm;

        @Option(names = "--link", paramLabel = "KIND", defaultValue = "uart",
                description = "uart: each line of n bytes takes n x 10 / baud s on the board's UART (lines queue"
                        + " behind each other), then a USB bridge; usb: a native-USB board, no UART time. Sent "
                        + "as link= in the hello line (default: ${DEFAULT-VALUE}).")
        String link;

        @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
                description = "Speed of the simulated UART (8N1) and of a real serial port (default: ${DEFAULT-VALUE}).")
        int baud;

        @Option(names = "--quantum-ms", paramLabel = "Q",
                description = "The USB bridge forwards what it holds at each multiple of Q ms, so lines arrive "
                        + "on that grid, maybe in pieces (16U2: 1, FTDI: 16; 0: off; default: 1 for uart, 0 for usb).")
        Double quantumMs;

        @Option(names = "--jitter-ms", paramLabel = "J", defaultValue = "0",
                description = "Then the host's reader wakes a random 0..J ms after data arrives and reads all "
                        + "there is (host scheduling); never early, never reordered (default: ${DEFAULT-VALUE}).")
        double jitterMs;

        @Option(names = "--caps", paramLabel = "LIST", defaultValue = "ping,blink",
                description = "Host requests the board answers, announced as caps= in its hello: ?ping,<n> "
                        + "(-> !..,pong,<n>) and ?blink,<count>,<mean_ms> (-> !..,led,1 / led,0); none: an old "
                        + "firmware (default: ${DEFAULT-VALUE}).")
        String caps;

        @Option(names = "--truth", paramLabel = "FILE",
                description = "Write the ground truth to FILE (CSV): seq,kind,device_us,true_mono_ns,"
                        + "true_epoch_ns,corrupt,name,value, a row per record sent (kind sample or event), per "
                        + "scripted aux flip (aux) and per camera frame (frame), with its true moment.")
        Path truthFile;

        @Option(names = "--duration", paramLabel = "S",
                description = "Stop after S seconds (default: run until Ctrl+C).")
        Double durationS;

        @Option(names = "--seed", paramLabel = "N",
                description = "Seed for the signals, jitter, faults and blinks: same seed, same bytes "
                        + "(default: random, printed at the end).")
        Long seed;

        @Option(names = "--t0-us", paramLabel = "N",
                description = "Device micros() at the start, 0..4294967295; near the top to test the wrap "
                        + "(default: 1-2 s after boot, from the seed).")
        Long t0Us;

        @Option(names = "--channels", paramLabel = "NAMES", split = ",", defaultValue = "steering,throttle",
                description = "Channel names in sample order; steering and throttle get driving-like "
                        + "signals, others act as an aux switch (default: ${DEFAULT-VALUE}).")
        List<String> channels;

        @Option(names = "--aux-flips", paramLabel = "S", split = ",",
                description = "Script the aux channels: they toggle between exactly 1000 and 2000 us (starting "
                        + "at 1000) at these true seconds from the start, e.g. 2,5,8,11. Needs an aux channel.")
        List<Double> auxFlipsS;

        @Option(names = "--throttle-idle", paramLabel = "FROM:TO", split = ",",
                description = "True-second ranges with throttle exactly 1500 and steering still, e.g. 0:2,6:9; "
                        + "outside them the car is driven and never rests at neutral.")
        List<String> throttleIdle;

        @Option(names = "--boot-noise",
                description = "Send bootloader-like garbage and a cut-off record before the hello line, "
                        + "as after a board reset.")
        boolean bootNoise;

        @Option(names = "--corrupt-every", paramLabel = "N", defaultValue = "0",
                description = "Send every Nth record with a wrong checksum (0: never).")
        int corruptEvery;

        @Option(names = "--lose-every", paramLabel = "N", defaultValue = "0",
                description = "Never send every Nth record, leaving a gap in seq (0: never; N >= 2).")
        int loseEvery;

        @Option(names = "--failsafe-at", paramLabel = "S",
                description = "Lose the receiver signal S seconds after the start: sends !failsafe,1, "
                        + "samples of 0, then !failsafe,0.")
        Double failsafeAtS;

        @Option(names = "--failsafe-for", paramLabel = "S", defaultValue = "1",
                description = "How long the receiver signal stays lost (default: ${DEFAULT-VALUE} s).")
        double failsafeForS;

        @CommandLine.Mixin
        SimulatedCameraOptions camera;

        @Override
        public Integer call() {
            SimConfig config = config();
            CameraSimConfig cameraConfig = camera.config(spec.commandLine().getParseResult());
            Duration duration = durationS == null ? ControllerRunner.UNTIL_CLOSED
                    : Duration.ofNanos(Math.round(Math.min(durationS, 1e9) * 1e9));
            SimulatedCamera cam = cameraConfig == null ? null : bindCamera(cameraConfig);
            BoardPort board;
            try {
                board = BoardPort.open(port, baud);
            } catch (IOException e) {
                closeQuietly(cam);
                throw new UserError(e.getMessage());
            }
            SimClock clock = SimClock.startingNow();
            TruthFile truth = null;
            if (truthFile != null) {
                try {
                    truth = TruthFile.create(truthFile, clock);
                } catch (IOException e) {
                    board.close();
                    closeQuietly(cam);
                    throw new UserError("cannot create the truth file " + truthFile + " (" + e.getMessage()
                            + "): check that its directory exists and is writable");
                }
            }
            ControllerSchedule schedule = new ControllerSchedule(config);
            PrintWriter err = spec.commandLine().getErr();
            SimCounts sent;
            long elapsedNanos;
            IOException failure;
            try (ControllerRunner runner = ControllerRunner.on(schedule, board.output()).input(board.input())
                    .truth(truth).clock(clock).duration(duration).start()) {
                if (cam != null) {
                    cam.start(clock, schedule.leds(), truth, duration);
                    err.println("drivetape simulate: camera at " + cam.url());
                    err.flush();
                }
                // close(), not just a stop request: it also frees a write stuck on a port nobody drains.
                SimulatedCamera camToStop = cam;
                Runnable restoreSignals = stopOnSignals(() -> {
                    runner.close();
                    closeQuietly(camToStop);
                });
                try {
                    runner.awaitFinished();
                    if (cam != null && runner.failure().isEmpty()) {
                        cam.awaitFinished(duration.plusSeconds(1).minus(Duration.ofNanos(runner.elapsedNanos())));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    elapsedNanos = runner.elapsedNanos();
                    runner.close();
                    closeQuietly(cam);
                    restoreSignals.run();
                }
                sent = runner.sent();
                failure = runner.failure().orElse(null);
            }
            IOException truthFailure = closeTruth(truth);
            err.printf(Locale.ROOT, "drivetape simulate: sent %s to %s in %.1f s (seed %d, t0 %d us)%s%s%n",
                    sent.summary(), port, elapsedNanos / 1e9, config.seed(), config.board().t0Us(),
                    sent.hostLines() == 0 ? "" : "; " + sent.hostLinesSummary(),
                    cam == null ? "" : String.format(Locale.ROOT, "; camera sent %d frames (%d skipped%s) to %d clients",
                            cam.framesSent(), cam.framesSkipped(), cameraConfig.outages().isEmpty() ? ""
                                    : ", " + cam.framesInOutages() + " in outages", cam.connections()));
            err.flush();
            if (failure != null) {
                throw new UserError(failure.getMessage());
            }
            if (truthFailure != null) {
                throw new UserError("cannot write the truth file " + truthFile + ": " + truthFailure.getMessage());
            }
            return 0;
        }

        private SimulatedCamera bindCamera(CameraSimConfig cameraConfig) {
            try {
                return SimulatedCamera.bind(camera.socketAddress(), cameraConfig);
            } catch (IOException e) {
                throw new UserError("cannot serve the camera on " + camera.address + " (" + e.getMessage()
                        + "): pick a free port, or 0 for any");
            }
        }

        private SimConfig config() {
            check(rateHz > 0 && rateHz <= BoardConfig.MAX_RATE_HZ, "--rate must be > 0 and <= 1000 Hz, got " + plain(rateHz));
            check(Double.isFinite(driftPpm) && Math.abs(driftPpm) <= BoardConfig.MAX_DRIFT_PPM,
                    "--drift-ppm must be between -100000 and 100000, got " + plain(driftPpm));
            check(jitterMs >= 0 && jitterMs <= 10_000, "--jitter-ms must be >= 0 (and at most 10000), got " + plain(jitterMs));
            check(quantumMs == null || (quantumMs >= 0 && quantumMs <= 1000),
                    "--quantum-ms must be between 0 (off) and 1000, got " + plain(quantumMs));
            check(durationS == null || durationS >= 0, "--duration must be >= 0 seconds, got " + plain(durationS));
            check(baud > 0, "--baud must be > 0, got " + baud);
            check(t0Us == null || (t0Us >= 0 && t0Us < SimConfig.U32),
                    "--t0-us must be between 0 and 4294967295, got " + t0Us);
            check(corruptEvery >= 0, "--corrupt-every must be >= 0 (0: never), got " + corruptEvery);
            check(loseEvery == 0 || loseEvery >= 2, "--lose-every must be 0 (never) or >= 2, got " + loseEvery);
            check(failsafeAtS == null || failsafeAtS >= 0, "--failsafe-at must be >= 0 seconds, got " + plain(failsafeAtS));
            check(failsafeForS >= 0 && Double.isFinite(failsafeForS),
                    "--failsafe-for must be >= 0 seconds, got " + plain(failsafeForS));
            long actualSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
            // A real board sends its first sample a second or two after reset, so micros() starts there.
            long actualT0 = t0Us != null ? t0Us : 1_000_000 + new SplittableRandom(actualSeed).nextLong(1_000_000);
            try {
                return SimConfig.builder()
                        .rateHz(rateHz)
                        .driftPpm(driftPpm)
                        .link(parse("--link", () -> LinkKind.parse(link)))
                        .baud(baud)
                        .quantumMs(quantumMs == null ? Double.NaN : quantumMs)
                        .jitterMs(jitterMs)
                        .caps(parse("--caps", () -> Capability.parseList(caps)))
                        .seed(actualSeed)
                        .t0Us(actualT0)
                        .channels(channels)
                        .auxFlipsS(auxFlipsS == null ? List.of() : auxFlipsS)
                        .throttleIdle(parse("--throttle-idle", () -> TimeRange.parseAll(throttleIdle)))
                        .bootNoise(bootNoise)
                        .corruptEvery(corruptEvery)
                        .loseEvery(loseEvery)
                        .failsafe(failsafeAtS == null ? Double.NaN : failsafeAtS, failsafeForS)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }

        /** Runs a parser, naming the option in its error. */
        private static <T> T parse(String option, java.util.function.Supplier<T> parser) {
            try {
                return parser.get();
            } catch (IllegalArgumentException e) {
                throw new UserError(option + ": " + e.getMessage());
            }
        }

        private static IOException closeTruth(TruthFile truth) {
            if (truth == null) {
                return null;
            }
            try {
                truth.close();
                return null;
            } catch (IOException e) {
                return e;
            }
        }

        private static void closeQuietly(SimulatedCamera cam) {
            if (cam != null) {
                cam.close();
            }
        }

        /** 50 rather than 50.0 in messages; NaN and Infinity as they are. */
        private static String plain(Double value) {
            if (value == null || !Double.isFinite(value)) {
                return String.valueOf(value);
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw new UserError(message);
            }
        }

        /**
         * Turns Ctrl+C (and a plain kill) into a clean stop, so the summary is printed and the exit code is 0.
         * Returns what puts the previous handlers back.
         */
        private static Runnable stopOnSignals(Runnable stop) {
            List<Runnable> restore = new ArrayList<>();
            for (String name : List.of("INT", "TERM")) {
                try {
                    sun.misc.Signal signal = new sun.misc.Signal(name);
                    sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> stop.run());
                    restore.add(() -> sun.misc.Signal.handle(signal, previous));
                } catch (IllegalArgumentException | LinkageError e) {
                    // The JVM reserves the signal (e.g. -Xrs): it then ends the run the default way.
                }
            }
            return () -> restore.forEach(Runnable::run);
        }
    }
}
