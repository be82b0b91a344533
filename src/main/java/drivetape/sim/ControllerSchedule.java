package drivetape.sim;

import drivetape.serial.Checksum;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a simulated controller sends and when, as a pure, endless sequence: no threads, no clock, no
 * sleeping, so tests can run minutes of it on a virtual clock in milliseconds.
 *
 * <p>The firmware model: optional bootloader noise, the hello line, then one {@code $} sample every
 * 1/rate seconds <em>of the device's clock</em>. That clock runs {@code driftPpm} fast or slow against true
 * time, so t_us and the true measurement times ({@link ScheduledLine#measuredNanos}) drift apart exactly as
 * configured. A failsafe window sends {@code !failsafe,1}, samples of zeros, then {@code !failsafe,0}.
 * Each line then reaches the host a uniform random 0..jitter ms late, then, with a quantum, at the next
 * multiple of it (a USB bridge's flush timer), never overtaking the line before it.
 *
 * <p>Same config and seed, same bytes at the same times: the signals, the jitter and the noise each draw
 * from their own random stream, so changing the jitter does not change the values.
 */
public final class ControllerSchedule {
    /** The silence between bootloader noise and the hello line, in device micros. */
    static final long BOOT_NOISE_GAP_US = 100_000;

    private enum Stage { BOOT_NOISE, HELLO, RECORDS }

    private final SimConfig config;
    private final double periodUs;
    private final double clockRate;
    private final long quantumNanos;
    private final ControlSignals signals;
    private final SplittableRandom jitterRandom;
    private final SplittableRandom noiseRandom;
    private final byte[] hello;
    private final long helloDeviceUs;
    private final long failsafeStartNanos;
    private final long failsafeEndNanos;
    private final int[] values;
    private final Tally generated = new Tally();

    private Stage stage;
    private long sampleIndex;
    private long recordNumber;
    private long lastDeliveryNanos;
    private boolean failsafeStarted;
    private boolean inFailsafe;

    public ControllerSchedule(SimConfig config) {
        this.config = config;
        this.periodUs = 1_000_000.0 / config.rateHz();
        this.clockRate = 1 + config.driftPpm() * 1e-6;
        this.quantumNanos = Math.round(config.quantumMs() * 1e6);
        SplittableRandom root = new SplittableRandom(config.seed());
        this.signals = new ControlSignals(config.channels(), root.split());
        this.jitterRandom = root.split();
        this.noiseRandom = root.split();
        this.hello = (config.helloLine() + "\n").getBytes(StandardCharsets.US_ASCII);
        this.helloDeviceUs = config.bootNoise() ? BOOT_NOISE_GAP_US : 0;
        if (Double.isNaN(config.failsafeAtS())) {
            failsafeStartNanos = Long.MAX_VALUE;
            failsafeEndNanos = Long.MAX_VALUE;
        } else {
            failsafeStartNanos = Math.round(config.failsafeAtS() * 1e9);
            failsafeEndNanos = failsafeStartNanos + Math.round(config.failsafeForS() * 1e9);
        }
        this.values = new int[config.channels().size()];
        this.stage = config.bootNoise() ? Stage.BOOT_NOISE : Stage.HELLO;
    }

    public SimConfig config() {
        return config;
    }

    /** What has been generated so far (records lost on purpose count once the next line is generated). */
    public SimCounts counts() {
        return generated.snapshot();
    }

    /** Fills {@code out} with the next line to send. The sequence never ends. */
    public void next(ScheduledLine out) {
        out.length = 0;
        out.corrupt = false;
        out.lostBefore = 0;
        out.seq = -1;
        switch (stage) {
            case BOOT_NOISE -> {
                out.kind = ScheduledLine.Kind.BOOT_NOISE;
                setTimes(out, 0);
                writeBootNoise(out);
                stage = Stage.HELLO;
            }
            case HELLO -> {
                out.kind = ScheduledLine.Kind.HELLO;
                setTimes(out, helloDeviceUs);
                System.arraycopy(hello, 0, out.bytes, 0, hello.length);
                out.length = hello.length;
                stage = Stage.RECORDS;
            }
            default -> nextRecord(out);
        }
        generated.add(out);
    }

    private void nextRecord(ScheduledLine out) {
        while (true) {
            long deviceElapsedUs = helloDeviceUs + Math.round((sampleIndex + 1) * periodUs);
            long measured = trueNanos(deviceElapsedUs);
            recordNumber++;
            out.seq = (config.firstSeq() + recordNumber - 1) & (SimConfig.U32 - 1);
            out.length = 0;
            if (!failsafeStarted && measured >= failsafeStartNanos) {
                failsafeStarted = true;
                inFailsafe = true;
                out.kind = ScheduledLine.Kind.EVENT;
                writeEvent(out, deviceElapsedUs, "failsafe", '1');
            } else if (inFailsafe && measured >= failsafeEndNanos) {
                inFailsafe = false;
                out.kind = ScheduledLine.Kind.EVENT;
                writeEvent(out, deviceElapsedUs, "failsafe", '0');
            } else {
                signals.next(deviceElapsedUs / 1e6, values);
                if (inFailsafe) {
                    Arrays.fill(values, 0); // the receiver lost the transmitter: no pulses
                }
                out.kind = ScheduledLine.Kind.SAMPLE;
                writeSample(out, deviceElapsedUs);
                sampleIndex++;
            }
            if (config.loseEvery() > 0 && recordNumber % config.loseEvery() == 0) {
                out.lostBefore++; // its seq is used up and it never leaves the board
                continue;
            }
            out.deviceUs = config.t0Us() + deviceElapsedUs;
            out.corrupt = config.corruptEvery() > 0 && recordNumber % config.corruptEvery() == 0;
            finishRecord(out);
            out.measuredNanos = measured;
            out.deliveryNanos = deliver(measured);
            return;
        }
    }

    private void setTimes(ScheduledLine out, long deviceElapsedUs) {
        out.deviceUs = config.t0Us() + deviceElapsedUs;
        out.measuredNanos = trueNanos(deviceElapsedUs);
        out.deliveryNanos = deliver(out.measuredNanos);
    }

    /** True time at which the device clock has advanced by {@code deviceElapsedUs}. */
    private long trueNanos(long deviceElapsedUs) {
        return Math.round(deviceElapsedUs * 1000.0 / clockRate);
    }

    /** One-sided delay, and lines stay in order: a late line holds back the ones after it. */
    private long deliver(long measuredNanos) {
        long delay = config.jitterMs() > 0 ? Math.round(jitterRandom.nextDouble() * config.jitterMs() * 1e6) : 0;
        long ready = measuredNanos + delay;
        if (quantumNanos > 0) {
            // The bridge flushes on its own timer, here multiples of the quantum since the start.
            ready = Math.floorDiv(ready + quantumNanos - 1, quantumNanos) * quantumNanos;
        }
        long delivery = Math.max(ready, lastDeliveryNanos);
        lastDeliveryNanos = delivery;
        return delivery;
    }

    private void writeSample(ScheduledLine out, long deviceElapsedUs) {
        put(out, '$');
        putDecimal(out, out.seq);
        put(out, ',');
        putDecimal(out, wrappedMicros(deviceElapsedUs));
        for (int value : values) {
            put(out, ',');
            putDecimal(out, value);
        }
    }

    private void writeEvent(ScheduledLine out, long deviceElapsedUs, String name, char value) {
        put(out, '!');
        putDecimal(out, out.seq);
        put(out, ',');
        putDecimal(out, wrappedMicros(deviceElapsedUs));
        put(out, ',');
        for (int i = 0; i < name.length(); i++) {
            put(out, name.charAt(i));
        }
        put(out, ',');
        put(out, value);
    }

    /** t_us as the firmware sends it: micros() wraps at 2^32. */
    private long wrappedMicros(long deviceElapsedUs) {
        return (config.t0Us() + deviceElapsedUs) & (SimConfig.U32 - 1);
    }

    /** Appends {@code *CK\n}, with a wrong CK when the record is to be corrupt. */
    private void finishRecord(ScheduledLine out) {
        int checksum = Checksum.xor(out.bytes, 1, out.length);
        if (out.corrupt) {
            checksum ^= 1 + noiseRandom.nextInt(255); // any non-zero flip makes it wrong
        }
        put(out, '*');
        put(out, Character.toUpperCase(Character.forDigit(checksum >> 4, 16)));
        put(out, Character.toUpperCase(Character.forDigit(checksum & 0xF, 16)));
        put(out, '\n');
    }

    /**
     * What a serial port shows right after an Uno resets: a burst of binary junk from the bootloader, then
     * the cut-off tail of a record from before the reset. Both end in '\n' so the hello that follows is a
     * line of its own, as the firmware's first println makes it on a real board.
     */
    private void writeBootNoise(ScheduledLine out) {
        put(out, (char) (0x80 + noiseRandom.nextInt(0x80))); // never a record marker
        int junk = noiseRandom.nextInt(16, 48);
        for (int i = 0; i < junk; i++) {
            int b = noiseRandom.nextInt(255);
            put(out, (char) (b >= '\n' ? b + 1 : b)); // anything but '\n'
        }
        put(out, '\n');
        put(out, '$');
        putDecimal(out, noiseRandom.nextInt(1, 100_000));
        put(out, ',');
        putDecimal(out, noiseRandom.nextLong(SimConfig.U32));
        put(out, ',');
        putDecimal(out, noiseRandom.nextInt(10, 20)); // cut off mid-value, no checksum
        put(out, '\n');
    }

    private static void put(ScheduledLine out, char c) {
        out.bytes[out.length++] = (byte) c;
    }

    private static void putDecimal(ScheduledLine out, long value) {
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = out.length + digits - 1; i >= out.length; i--) {
            out.bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        out.length += digits;
    }
}
