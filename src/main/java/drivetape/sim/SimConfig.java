package drivetape.sim;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the simulated controller behaves: its rate and clock, the delivery jitter of the link, and the faults
 * to inject. Start from {@link #defaults()} and change what a test or the command needs with the
 * {@code with...} methods.
 *
 * @param rateHz          samples per second, by the device's own clock
 * @param driftPpm        how much faster (positive) or slower the device clock runs than true time
 * @param jitterMs        each line reaches the host late by a uniform random 0..jitterMs (never early)
 * @param t0Us            the device's micros() at the start of the schedule; t_us wraps at 2^32
 * @param firstSeq        seq of the first record (1 on a real board; near 2^32 to test the wrap)
 * @param channels        channel names, in the order of the values in each sample
 * @param firmwareVersion the fw= field of the hello line
 * @param seed            seeds the signals, the jitter and the boot noise: same seed, same bytes
 * @param bootNoise       send bootloader-like garbage before the hello line
 * @param corruptEvery    every Nth record goes out with a wrong checksum (0 = never)
 * @param loseEvery       every Nth record is never sent, leaving a gap in seq (0 = never)
 * @param failsafeAtS     true seconds from the start at which the receiver signal is lost (NaN = never)
 * @param failsafeForS    how long the signal stays lost
 * @param quantumMs       after the jitter, a line waits for the next multiple of this many ms of host time,
 *                        as a USB-serial bridge flushes its buffer on a timer (0 = off)
 */
public record SimConfig(
        double rateHz,
        double driftPpm,
        double jitterMs,
        long t0Us,
        long firstSeq,
        List<String> channels,
        String firmwareVersion,
        long seed,
        boolean bootNoise,
        int corruptEvery,
        int loseEvery,
        double failsafeAtS,
        double failsafeForS,
        double quantumMs) {

    public static final double MAX_RATE_HZ = 1000;
    public static final double MAX_DRIFT_PPM = 100_000;
    public static final int MAX_CHANNELS = 16;
    public static final long U32 = 1L << 32;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,16}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,24}");

    public SimConfig {
        channels = List.copyOf(channels);
        require(rateHz > 0 && rateHz <= MAX_RATE_HZ, "rate must be > 0 and <= 1000 Hz, was " + rateHz);
        require(Math.abs(driftPpm) <= MAX_DRIFT_PPM, "drift must be within +-100000 ppm, was " + driftPpm);
        require(jitterMs >= 0 && jitterMs < 60_000, "jitter must be >= 0 ms (and under a minute), was " + jitterMs);
        require(t0Us >= 0 && t0Us < U32, "t0 must be a 32-bit micros() value, was " + t0Us);
        require(firstSeq >= 0 && firstSeq < U32, "first seq must be a 32-bit value, was " + firstSeq);
        require(!channels.isEmpty() && channels.size() <= MAX_CHANNELS, "1 to 16 channels, was " + channels.size());
        for (String name : channels) {
            require(NAME.matcher(name).matches(), "channel names are 1-16 letters, digits or _, was '" + name + "'");
        }
        require(VERSION.matcher(firmwareVersion).matches(), "bad firmware version '" + firmwareVersion + "'");
        require(corruptEvery >= 0, "corruptEvery must be >= 0");
        require(loseEvery == 0 || loseEvery >= 2, "loseEvery must be 0 (never) or >= 2 (1 would lose everything)");
        require(Double.isNaN(failsafeAtS) || failsafeAtS >= 0, "failsafe start must be >= 0 s");
        require(failsafeForS >= 0, "failsafe duration must be >= 0 s");
        require(quantumMs >= 0 && quantumMs <= 1000, "quantum must be 0 (off) to 1000 ms, was " + quantumMs);
        // Protocol: a line is at most 120 bytes including the newline.
        require(hello(firmwareVersion, channels, rateHz).length() < 120,
                "too many or too long channel names: the hello line would exceed 120 bytes");
    }

    /** 50 Hz, a perfect clock, no jitter, micros() and seq starting at the bottom, steering and throttle. */
    public static SimConfig defaults() {
        return new SimConfig(50, 0, 0, 0, 1, List.of("steering", "throttle"), "sim-1.0.0", 1, false, 0, 0,
                Double.NaN, 0, 0);
    }

    public SimConfig withRateHz(double value) {
        return new SimConfig(value, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withDriftPpm(double value) {
        return new SimConfig(rateHz, value, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withJitterMs(double value) {
        return new SimConfig(rateHz, driftPpm, value, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withT0Us(long value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, value, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withFirstSeq(long value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, value, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withChannels(List<String> value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, value, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withFirmwareVersion(String value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, value, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withSeed(long value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, value,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withBootNoise(boolean value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                value, corruptEvery, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withCorruptEvery(int value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, value, loseEvery, failsafeAtS, failsafeForS, quantumMs);
    }

    public SimConfig withLoseEvery(int value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, value, failsafeAtS, failsafeForS, quantumMs);
    }

    /** The receiver signal is lost from {@code atS} to {@code atS + forS} true seconds after the start. */
    public SimConfig withFailsafe(double atS, double forS) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, atS, forS, quantumMs);
    }

    public SimConfig withQuantumMs(double value) {
        return new SimConfig(rateHz, driftPpm, jitterMs, t0Us, firstSeq, channels, firmwareVersion, seed,
                bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS, value);
    }

    /** The hello line this configuration announces, without the trailing newline. */
    public String helloLine() {
        return hello(firmwareVersion, channels, rateHz);
    }

    private static String hello(String firmwareVersion, List<String> channels, double rateHz) {
        return "#hello proto=1 fw=" + firmwareVersion + " channels=" + String.join(",", channels)
                + " rate_hz=" + formatRate(rateHz);
    }

    private static String formatRate(double rate) {
        return BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
