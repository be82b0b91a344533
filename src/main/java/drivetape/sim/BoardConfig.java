package drivetape.sim;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simulated firmware: what it measures, how often, by which clock, and what it answers.
 *
 * @param rateHz          samples per second, by the device's own clock
 * @param driftPpm        how much faster (positive) or slower the device clock runs than true time
 * @param t0Us            the device's micros() at the start of the schedule; t_us wraps at 2^32
 * @param firstSeq        seq of the first record (1 on a real board; near 2^32 to test the wrap)
 * @param channels        channel names, in the order of the values in each sample
 * @param firmwareVersion the fw= field of the hello line
 * @param caps            host requests it answers (announced as {@code caps=}); empty: an old firmware
 */
public record BoardConfig(double rateHz, double driftPpm, long t0Us, long firstSeq, List<String> channels,
                          String firmwareVersion, Set<Capability> caps) {
    public static final double MAX_RATE_HZ = 1000;
    public static final double MAX_DRIFT_PPM = 100_000;
    public static final int MAX_CHANNELS = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,16}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,24}");

    public BoardConfig {
        channels = List.copyOf(channels);
        caps = caps.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(caps));
        require(rateHz > 0 && rateHz <= MAX_RATE_HZ, "rate must be > 0 and <= 1000 Hz, was " + rateHz);
        require(Math.abs(driftPpm) <= MAX_DRIFT_PPM, "drift must be within +-100000 ppm, was " + driftPpm);
        require(t0Us >= 0 && t0Us < SimConfig.U32, "t0 must be a 32-bit micros() value, was " + t0Us);
        require(firstSeq >= 0 && firstSeq < SimConfig.U32, "first seq must be a 32-bit value, was " + firstSeq);
        require(!channels.isEmpty() && channels.size() <= MAX_CHANNELS, "1 to 16 channels, was " + channels.size());
        for (String name : channels) {
            require(NAME.matcher(name).matches(), "channel names are 1-16 letters, digits or _, was '" + name + "'");
        }
        require(channels.stream().distinct().count() == channels.size(), "channel names must differ: " + channels);
        require(VERSION.matcher(firmwareVersion).matches(), "bad firmware version '" + firmwareVersion + "'");
    }

    public boolean answers(Capability cap) {
        return caps.contains(cap);
    }

    /** Whether a channel of this name acts as an aux switch (anything but steering and throttle). */
    public static boolean isAux(String channel) {
        return !channel.equalsIgnoreCase("steering") && !channel.equalsIgnoreCase("throttle");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
