package drivetape.cli;

import drivetape.sim.ControllerRunner;
import drivetape.sim.ControllerSchedule;
import drivetape.sim.SerialPortOutput;
import drivetape.sim.SimConfig;
import drivetape.sim.SimCounts;
import drivetape.sim.TruthFile;
import java.io.IOException;
import java.io.OutputStream;
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
                    + "throttle at the given rate, with a device clock that drifts and optional faults.",
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
                description = "Serial port or pty to write to, e.g. /tmp/dt/controller or /dev/ttyUSB0.")
        String port;

        @Option(names = "--rate", paramLabel = "HZ", defaultValue = "50",
                description = "Samples per second by the device clock, > 0 and <= 1000 (default: ${DEFAULT-VALUE}).")
        double rateHz;

        @Option(names = "--drift-ppm", paramLabel = "X", defaultValue = "0",
                description = "Device clock runs this many ppm fast (negative: slow) against true time; "
                        + "an Uno's resonator is off by 1000-5000 (default: ${DEFAULT-VALUE}).")
        double driftPpm;

        @Option(names = "--jitter-ms", paramLabel = "J", defaultValue = "0",
                description = "Each line is sent late by a random 0..J ms, like a USB-serial bridge's "
                        + "buffering; never early, never reordered (default: ${DEFAULT-VALUE}).")
        double jitterMs;

        @Option(names = "--quantum-ms", paramLabel = "Q", defaultValue = "0",
                description = "After the jitter, send each line at the next multiple of Q ms, as a USB-serial "
                        + "bridge flushes on a timer (FTDI: 16, an Uno's 16U2: 4; 0: off; default: ${DEFAULT-VALUE}).")
        double quantumMs;

        @Option(names = "--truth", paramLabel = "FILE",
                description = "Write the ground truth to FILE (CSV): seq,kind,device_us,true_mono_ns,"
                        + "true_epoch_ns,corrupt for each record sent, with the host monotonic and wall-clock "
                        + "moment its values were measured.")
        Path truthFile;

        @Option(names = "--duration", paramLabel = "S",
                description = "Stop after S seconds (default: run until Ctrl+C).")
        Double durationS;

        @Option(names = "--baud", paramLabel = "N", defaultValue = "115200",
                description = "Baud rate for a real serial port; ignored by ptys (default: ${DEFAULT-VALUE}).")
        int baud;

        @Option(names = "--seed", paramLabel = "N",
                description = "Seed for the signals, jitter and faults: same seed, same bytes "
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

        @Override
        public Integer call() {
            SimConfig config = config();
            Duration duration = durationS == null ? ControllerRunner.UNTIL_CLOSED
                    : Duration.ofNanos(Math.round(Math.min(durationS, 1e9) * 1e9));
            TruthFile truth = null;
            if (truthFile != null) {
                try {
                    truth = TruthFile.create(truthFile);
                } catch (IOException e) {
                    throw new UserError("cannot create the truth file " + truthFile + " (" + e.getMessage()
                            + "): check that its directory exists and is writable");
                }
            }
            OutputStream out;
            try {
                out = SerialPortOutput.open(port, baud);
            } catch (IOException e) {
                closeQuietly(truth);
                throw new UserError(e.getMessage());
            }
            SimCounts sent;
            long elapsedNanos;
            IOException failure;
            try (ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(config), out, duration,
                    truth)) {
                // close(), not just a stop request: it also frees a write stuck on a port nobody drains.
                Runnable restoreSignals = stopOnSignals(runner::close);
                try {
                    runner.awaitFinished();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    elapsedNanos = runner.elapsedNanos();
                    runner.close();
                    restoreSignals.run();
                }
                sent = runner.sent();
                failure = runner.failure().orElse(null);
            }
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "drivetape simulate: sent %s to %s in %.1f s (seed %d, t0 %d us)%n",
                    sent.summary(), port, elapsedNanos / 1e9, config.seed(), config.t0Us());
            err.flush();
            if (failure != null) {
                throw new UserError(failure.getMessage());
            }
            return 0;
        }

        private SimConfig config() {
            check(rateHz > 0 && rateHz <= SimConfig.MAX_RATE_HZ, "--rate must be > 0 and <= 1000 Hz, got " + plain(rateHz));
            check(Double.isFinite(driftPpm) && Math.abs(driftPpm) <= SimConfig.MAX_DRIFT_PPM,
                    "--drift-ppm must be between -100000 and 100000, got " + plain(driftPpm));
            check(jitterMs >= 0 && jitterMs <= 10_000, "--jitter-ms must be >= 0 (and at most 10000), got " + plain(jitterMs));
            check(quantumMs >= 0 && quantumMs <= 1000, "--quantum-ms must be between 0 (off) and 1000, got " + plain(quantumMs));
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
                return SimConfig.defaults()
                        .withRateHz(rateHz)
                        .withDriftPpm(driftPpm)
                        .withJitterMs(jitterMs)
                        .withQuantumMs(quantumMs)
                        .withSeed(actualSeed)
                        .withT0Us(actualT0)
                        .withChannels(channels)
                        .withBootNoise(bootNoise)
                        .withCorruptEvery(corruptEvery)
                        .withLoseEvery(loseEvery)
                        .withFailsafe(failsafeAtS == null ? Double.NaN : failsafeAtS, failsafeForS);
            } catch (IllegalArgumentException e) {
                throw new UserError("--channels: " + e.getMessage());
            }
        }

        private static void closeQuietly(TruthFile truth) {
            if (truth == null) {
                return;
            }
            try {
                truth.close();
            } catch (IOException e) {
                // Nothing was sent: the header alone is not worth an error of its own.
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
