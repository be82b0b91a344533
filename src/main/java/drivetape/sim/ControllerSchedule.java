package drivetape.sim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a simulated controller sends and when, as a pure sequence: no threads, no clock, no sleeping, so
 * tests can run minutes of it on a virtual clock in milliseconds.
 *
 * <p>The firmware model: optional bootloader noise, the hello line, then one {@code $} sample every
 * 1/rate seconds <em>of the device's clock</em>. That clock runs {@code driftPpm} fast or slow against true
 * time, so t_us and the true measurement times ({@link ScheduledLine#measuredNanos}) drift apart exactly as
 * configured. A failsafe window sends {@code !failsafe,1}, samples of zeros, then {@code !failsafe,0}.
 * Lines given by {@link #hostLine} are answered as the capabilities allow: a pong stamped when the board
 * read the newline, LED switches at seeded random intervals. Every line then crosses the {@link Uplink}.
 *
 * <p>Lines come in the order the firmware measured them, which is the order they leave the UART. A caller
 * playing this in real time takes a line only once its measurement moment ({@link #peekMeasuredNanos()})
 * has passed, so that host lines read before then can still come first.
 *
 * <p>Same config and seed, same bytes at the same times: the signals, the jitter, the noise and the blink
 * intervals each draw from their own random stream, so changing the jitter does not change the values.
 */
public final class ControllerSchedule {
    /** The silence between bootloader noise and the hello line, in device micros. */
    static final long BOOT_NOISE_GAP_US = 100_000;
    /** Pongs waiting to be sent at most: the firmware's receive buffer holds no more pings. */
    static final int MAX_PENDING_PONGS = 16;
    static final String FAILSAFE = "failsafe";
    static final String PONG = "pong";
    static final String LED = "led";

    private enum Stage { BOOT_NOISE, HELLO, RECORDS }

    private final SimConfig config;
    private final BoardConfig board;
    private final FaultConfig faults;
    private final double periodUs;
    private final double clockRate;
    private final ControlSignals signals;
    private final Uplink uplink;
    private final SplittableRandom noiseRandom;
    private final SplittableRandom blinkRandom;
    private final LedTimeline leds = new LedTimeline();
    private final HostRequest request = new HostRequest();
    private final byte[] hello;
    private final long helloDeviceUs;
    private final long failsafeStartNanos;
    private final long failsafeEndNanos;
    private final int auxMask;
    private final int[] values;
    private final Tally generated = new Tally();

    // Pongs waiting for their turn on the UART: a ring of (device micros since the start, value).
    private final long[] pongUs = new long[MAX_PENDING_PONGS];
    private final long[] pongValue = new long[MAX_PENDING_PONGS];
    private int pongHead;
    private int pongCount;

    private long blinkRemaining;
    private long blinkNextUs;
    private long blinkHalfMeanUs;
    private boolean ledOn;

    private Stage stage;
    private long sampleIndex;
    private long recordNumber;
    private long lastDeviceUs; // device micros since the start of the last record measured
    private boolean failsafeStarted;
    private boolean inFailsafe;
    private boolean auxFlipPending;

    public ControllerSchedule(SimConfig config) {
        this.config = config;
        this.board = config.board();
        this.faults = config.faults();
        this.periodUs = 1_000_000.0 / board.rateHz();
        this.clockRate = 1 + board.driftPpm() * 1e-6;
        SplittableRandom root = new SplittableRandom(config.seed());
        this.signals = new ControlSignals(board.channels(), config.script(), root.split());
        this.uplink = new Uplink(config.link(), root.split());
        this.noiseRandom = root.split();
        this.blinkRandom = root.split();
        this.hello = (config.helloLine() + "\n").getBytes(StandardCharsets.US_ASCII);
        this.helloDeviceUs = faults.bootNoise() ? BOOT_NOISE_GAP_US : 0;
        if (faults.hasFailsafe()) {
            failsafeStartNanos = Math.round(faults.failsafeAtS() * 1e9);
            failsafeEndNanos = failsafeStartNanos + Math.round(faults.failsafeForS() * 1e9);
        } else {
            failsafeStartNanos = Long.MAX_VALUE;
            failsafeEndNanos = Long.MAX_VALUE;
        }
        int mask = 0;
        List<String> channels = board.channels();
        for (int i = 0; i < channels.size(); i++) {
            if (config.script().scriptsAux() && BoardConfig.isAux(channels.get(i))) {
                mask |= 1 << i;
            }
        }
        this.auxMask = mask;
        this.values = new int[channels.size()];
        this.stage = faults.bootNoise() ? Stage.BOOT_NOISE : Stage.HELLO;
        this.lastDeviceUs = 0;
    }

    public SimConfig config() {
        return config;
    }

    /** Where the simulated LED's switches go as they happen (a camera reads it). */
    public LedTimeline leds() {
        return leds;
    }

    /** What has been generated so far (records lost on purpose count once the next line is generated). */
    public SimCounts counts() {
        return generated.snapshot();
    }

    /** When the line {@link #next} would give now was measured (true nanoseconds since the start). */
    public long peekMeasuredNanos() {
        return switch (stage) {
            case BOOT_NOISE -> 0;
            case HELLO -> trueNanos(helloDeviceUs);
            default -> trueNanos(Math.min(nextSlotUs(), Math.min(nextPongUs(), nextBlinkUs())));
        };
    }

    /** Fills {@code out} with the next line to send, in measurement order. The sequence never ends. */
    public void next(ScheduledLine out) {
        out.length = 0;
        out.corrupt = false;
        out.lostBefore = 0;
        out.seq = -1;
        out.eventName = null;
        out.eventValue = 0;
        out.auxFlipMask = 0;
        out.channels = board.channels();
        switch (stage) {
            case BOOT_NOISE -> {
                out.kind = ScheduledLine.Kind.BOOT_NOISE;
                out.deviceUs = board.t0Us();
                LineBytes.bootNoise(out, noiseRandom);
                stage = Stage.HELLO;
                out.measuredNanos = 0;
            }
            case HELLO -> {
                out.kind = ScheduledLine.Kind.HELLO;
                out.deviceUs = board.t0Us() + helloDeviceUs;
                LineBytes.text(out, hello);
                stage = Stage.RECORDS;
                out.measuredNanos = trueNanos(helloDeviceUs);
                lastDeviceUs = helloDeviceUs;
            }
            default -> nextRecord(out);
        }
        uplink.send(out);
        generated.add(out);
    }

    /**
     * A line the host sent (without its newline), which the board read completely at {@code boardNanos}
     * (see {@link Downlink}). Lines read while the board still boots (before its hello) are lost, as are
     * unknown ones, malformed ones and those for a capability it does not have.
     *
     * <p>A pong is stamped with the device's micros() when it read the newline, but never earlier than a
     * record already taken from this schedule: t_us only goes forward, as in the firmware's loop.
     *
     * @return whether the board acted on it
     */
    public boolean hostLine(byte[] line, int length, long boardNanos) {
        if (boardNanos < trueNanos(helloDeviceUs)) {
            return false;
        }
        long readUs = Math.max(deviceUsAtOrAfter(boardNanos), lastDeviceUs);
        switch (request.parse(line, length)) {
            case PING -> {
                if (!board.answers(Capability.PING) || pongCount == MAX_PENDING_PONGS) {
                    return false;
                }
                int tail = (pongHead + pongCount) % MAX_PENDING_PONGS;
                pongUs[tail] = readUs;
                pongValue[tail] = request.pingValue;
                pongCount++;
                return true;
            }
            case BLINK -> {
                if (!board.answers(Capability.BLINK)) {
                    return false;
                }
                // A new blink replaces what is left of the one before; the LED goes on from where it is.
                blinkHalfMeanUs = request.blinkMeanMs * 500;
                blinkRemaining = request.blinkCount;
                blinkNextUs = readUs + blinkInterval();
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Uniform in [mean/2, 3 mean/2] device micros: averages the mean, never below half of it. */
    private long blinkInterval() {
        return blinkRandom.nextLong(blinkHalfMeanUs, 3 * blinkHalfMeanUs + 1);
    }

    private long nextSlotUs() {
        return helloDeviceUs + Math.round((sampleIndex + 1) * periodUs);
    }

    private long nextPongUs() {
        return pongCount == 0 ? Long.MAX_VALUE : pongUs[pongHead];
    }

    private long nextBlinkUs() {
        return blinkRemaining == 0 ? Long.MAX_VALUE : blinkNextUs;
    }

    private void nextRecord(ScheduledLine out) {
        while (true) {
            long slotUs = nextSlotUs();
            long slotMeasured = trueNanos(slotUs);
            recordNumber++;
            long seq = (board.firstSeq() + recordNumber - 1) & (SimConfig.U32 - 1);
            out.seq = seq;
            out.length = 0;
            out.eventName = null;
            long us;
            // Events due at or before the next sample slot go first, as the firmware's loop handles them.
            if (nextPongUs() <= slotUs && nextPongUs() <= nextBlinkUs()) {
                us = pongUs[pongHead];
                writeEvent(out, us, PONG, pongValue[pongHead]);
                pongHead = (pongHead + 1) % MAX_PENDING_PONGS;
                pongCount--;
            } else if (nextBlinkUs() <= slotUs) {
                us = blinkNextUs;
                ledOn = !ledOn;
                leds.toggle(trueNanos(us)); // the LED switches even if its record is lost on the way
                writeEvent(out, us, LED, ledOn ? 1 : 0);
                blinkRemaining--;
                if (blinkRemaining > 0) {
                    blinkNextUs += blinkInterval();
                }
            } else if (!failsafeStarted && slotMeasured >= failsafeStartNanos) {
                failsafeStarted = true;
                inFailsafe = true;
                us = slotUs; // the event takes the t_us of the sample slot it precedes
                writeEvent(out, us, FAILSAFE, 1);
            } else if (inFailsafe && slotMeasured >= failsafeEndNanos) {
                inFailsafe = false;
                us = slotUs;
                writeEvent(out, us, FAILSAFE, 0);
            } else {
                us = slotUs;
                auxFlipPending |= signals.next(us / 1e6, slotMeasured / 1e9, values);
                if (inFailsafe) {
                    Arrays.fill(values, 0); // the receiver lost the transmitter: no pulses
                }
                out.kind = ScheduledLine.Kind.SAMPLE;
                System.arraycopy(values, 0, out.values, 0, values.length);
                LineBytes.sample(out, seq, wrappedMicros(us), values, values.length);
                sampleIndex++;
            }
            lastDeviceUs = us;
            if (faults.loseEvery() > 0 && recordNumber % faults.loseEvery() == 0) {
                out.lostBefore++; // its seq is used up and it never leaves the board
                continue;
            }
            if (out.kind == ScheduledLine.Kind.SAMPLE && auxFlipPending && !inFailsafe) {
                out.auxFlipMask = auxMask; // the first sample sent that shows the flip
                auxFlipPending = false;
            }
            out.deviceUs = board.t0Us() + us;
            out.corrupt = faults.corruptEvery() > 0 && recordNumber % faults.corruptEvery() == 0;
            LineBytes.finishRecord(out, out.corrupt ? 1 + noiseRandom.nextInt(255) : 0);
            out.measuredNanos = trueNanos(us);
            return;
        }
    }

    private void writeEvent(ScheduledLine out, long deviceElapsedUs, String name, long value) {
        out.kind = ScheduledLine.Kind.EVENT;
        out.eventName = name;
        out.eventValue = value;
        LineBytes.event(out, out.seq, wrappedMicros(deviceElapsedUs), name, value);
    }

    /** t_us as the firmware sends it: micros() wraps at 2^32. */
    private long wrappedMicros(long deviceElapsedUs) {
        return (board.t0Us() + deviceElapsedUs) & (SimConfig.U32 - 1);
    }

    /** True time at which the device clock has advanced by {@code deviceElapsedUs}. */
    long trueNanos(long deviceElapsedUs) {
        return Math.round(deviceElapsedUs * 1000.0 / clockRate);
    }

    /** The first device micros (since the start) whose true moment is at or after {@code nanos}. */
    long deviceUsAtOrAfter(long nanos) {
        long us = (long) Math.ceil(nanos * clockRate / 1000.0);
        while (trueNanos(us) < nanos) {
            us++;
        }
        while (us > 0 && trueNanos(us - 1) >= nanos) {
            us--;
        }
        return us;
    }
}
