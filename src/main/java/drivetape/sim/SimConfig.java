package drivetape.sim;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the simulated controller behaves, in named parts: the firmware ({@link BoardConfig}), the link to the
 * host ({@link LinkConfig}), injected faults ({@link FaultConfig}), scripted stimuli ({@link DriveScript})
 * and the seed that makes it all repeatable. Build one with {@link #builder()}; derive one with
 * {@link #toBuilder()}.
 *
 * @param seed seeds the signals, the jitter, the boot noise and the blink intervals: same seed, same bytes
 */
public record SimConfig(BoardConfig board, LinkConfig link, FaultConfig faults, DriveScript script, long seed) {
    public static final long U32 = 1L << 32;
    /** Protocol v1: a line is at most 120 bytes, the newline included. */
    public static final int MAX_LINE_BYTES = 120;

    public SimConfig {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(script, "script");
        String hello = hello(board, link);
        require(hello.length() < MAX_LINE_BYTES,
                "too many or too long channel names: the hello line would exceed 120 bytes (" + hello + ")");
        long bitsPerSecond = Math.round(Math.ceil(board.rateHz() * maxSampleBytes(board.channels().size())
                * LinkConfig.BITS_PER_BYTE));
        require(link.kind() == LinkKind.USB || bitsPerSecond <= link.baud(),
                "the UART cannot keep up: " + formatNumber(board.rateHz()) + " samples a second of up to "
                        + maxSampleBytes(board.channels().size()) + " bytes need at least " + bitsPerSecond
                        + " baud (8N1); raise the baud rate, lower the rate, or use a usb link");
        require(!script.scriptsAux() || board.channels().stream().anyMatch(BoardConfig::isAux),
                "aux flips need an aux channel: add one to the channels, e.g. steering,throttle,aux");
    }

    /** The longest sample line: $, seq and t_us of up to 10 digits, values of up to 4, "*CK\n". */
    static int maxSampleBytes(int channels) {
        return 1 + 10 + 1 + 10 + channels * 5 + 4;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The hello line this configuration announces, without the trailing newline. */
    public String helloLine() {
        return hello(board, link);
    }

    private static String hello(BoardConfig board, LinkConfig link) {
        String line = "#hello proto=1 fw=" + board.firmwareVersion() + " channels=" + String.join(",", board.channels())
                + " rate_hz=" + formatNumber(board.rateHz()) + " link=" + link.kind().helloValue();
        return board.caps().isEmpty() ? line : line + " caps=" + Capability.helloList(board.caps());
    }

    static String formatNumber(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Every setting with its default: 50 Hz, a perfect clock, micros() and seq starting at the bottom,
     * steering and throttle, answering ping and blink, on a UART at 115200 baud behind a bridge with 1 ms
     * frames and no host jitter, no faults, no script, seed 1.
     */
    public static final class Builder {
        private double rateHz = 50;
        private double driftPpm;
        private long t0Us;
        private long firstSeq = 1;
        private List<String> channels = List.of("steering", "throttle");
        private String firmwareVersion = "sim-1.0.0";
        private Set<Capability> caps = EnumSet.allOf(Capability.class);
        private LinkKind linkKind = LinkKind.UART;
        private int baud = LinkConfig.DEFAULT_BAUD;
        private double quantumMs = Double.NaN; // NaN: the link kind's default
        private double jitterMs;
        private boolean bootNoise;
        private int corruptEvery;
        private int loseEvery;
        private double failsafeAtS = Double.NaN;
        private double failsafeForS;
        private List<Double> auxFlipsS = List.of();
        private List<TimeRange> throttleIdle = List.of();
        private long seed = 1;

        private Builder() {
        }

        private Builder(SimConfig config) {
            BoardConfig b = config.board();
            rateHz = b.rateHz();
            driftPpm = b.driftPpm();
            t0Us = b.t0Us();
            firstSeq = b.firstSeq();
            channels = b.channels();
            firmwareVersion = b.firmwareVersion();
            caps = b.caps().isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(b.caps());
            LinkConfig l = config.link();
            linkKind = l.kind();
            baud = l.baud();
            // A quantum at the kind's default keeps following the kind, so toBuilder().link(...) changes both.
            quantumMs = l.quantumMs() == LinkConfig.defaultQuantumMs(l.kind()) ? Double.NaN : l.quantumMs();
            jitterMs = l.jitterMs();
            FaultConfig f = config.faults();
            bootNoise = f.bootNoise();
            corruptEvery = f.corruptEvery();
            loseEvery = f.loseEvery();
            failsafeAtS = f.failsafeAtS();
            failsafeForS = f.failsafeForS();
            auxFlipsS = config.script().auxFlipsS();
            throttleIdle = config.script().throttleIdle();
            seed = config.seed();
        }

        public Builder rateHz(double value) {
            rateHz = value;
            return this;
        }

        public Builder driftPpm(double value) {
            driftPpm = value;
            return this;
        }

        public Builder t0Us(long value) {
            t0Us = value;
            return this;
        }

        public Builder firstSeq(long value) {
            firstSeq = value;
            return this;
        }

        public Builder channels(List<String> value) {
            channels = value;
            return this;
        }

        public Builder firmwareVersion(String value) {
            firmwareVersion = value;
            return this;
        }

        public Builder caps(Set<Capability> value) {
            caps = value;
            return this;
        }

        /** The link kind; the quantum follows its default unless {@link #quantumMs} is set. */
        public Builder link(LinkKind value) {
            linkKind = value;
            return this;
        }

        public Builder baud(int value) {
            baud = value;
            return this;
        }

        /** The bridge's flush grid in ms; NaN for the link kind's default (uart 1, usb 0). */
        public Builder quantumMs(double value) {
            quantumMs = value;
            return this;
        }

        public Builder jitterMs(double value) {
            jitterMs = value;
            return this;
        }

        public Builder bootNoise(boolean value) {
            bootNoise = value;
            return this;
        }

        public Builder corruptEvery(int value) {
            corruptEvery = value;
            return this;
        }

        public Builder loseEvery(int value) {
            loseEvery = value;
            return this;
        }

        /** The receiver signal is lost from {@code atS} to {@code atS + forS} true seconds after the start. */
        public Builder failsafe(double atS, double forS) {
            failsafeAtS = atS;
            failsafeForS = forS;
            return this;
        }

        public Builder auxFlipsS(List<Double> value) {
            auxFlipsS = value;
            return this;
        }

        public Builder throttleIdle(List<TimeRange> value) {
            throttleIdle = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** @throws IllegalArgumentException with a one-line message when a value is out of range */
        public SimConfig build() {
            double quantum = Double.isNaN(quantumMs) ? LinkConfig.defaultQuantumMs(linkKind) : quantumMs;
            return new SimConfig(
                    new BoardConfig(rateHz, driftPpm, t0Us, firstSeq, channels, firmwareVersion, caps),
                    new LinkConfig(linkKind, baud, quantum, jitterMs),
                    new FaultConfig(bootNoise, corruptEvery, loseEvery, failsafeAtS, failsafeForS),
                    new DriveScript(auxFlipsS, throttleIdle),
                    seed);
        }
    }
}
