package drivetape.timing;

import drivetape.serial.ClockSegmentTracker;
import drivetape.serial.ControlRecord;
import drivetape.serial.Hello;
import drivetape.serial.PingLog;
import drivetape.serial.RecordKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic Uno on a USB bridge, both directions, for the two-way clock: samples measured on a
 * drifting 32-bit micros() clock, each line serialised on a UART at the baud rate (lines queue behind each
 * other), forwarded on the bridge's USB frame grid, read by the host a little later; pings written by the
 * host, carried on the next USB frame, serialised on the UART to the board, answered with a pong stamped when
 * the board read the newline, which goes up like any line. The records are fed, in arrival order, through
 * the real {@link Timeline} (UART times taken off, pongs matched in a {@link PingLog}).
 */
final class TwoWayScenario {
    static final long EPOCH_AT_START = 1_700_000_000_000_000_000L;
    private static final long U32 = 1L << 32;

    double rateHz = 50;
    double durationS = 15;
    double driftPpm = 2500;
    int baud = 115_200;
    double quantumMs = 1;
    /** The host's smallest delay reading a line (wake-up, copy), and its random part on top. */
    double hostUpMinMs = 0.15;
    double hostUpJitterMs = 0.3;
    /** The host's smallest delay from the start of a ping's write to its bytes reaching the bridge. */
    double hostDownMinMs = 0.15;
    double hostDownJitterMs = 0.3;
    boolean pings = true;
    double pingHz = 4;
    long t0Us = 1_500_000;
    /** Data lines very late (a host stall: 50-500 ms). */
    double lateLineFraction;
    /** Pings the board read late (busy: 2-20 ms): looser bounds. */
    double latePingFraction;
    /** Pings logged 3 ms after they were really written (a wrong bound above the truth). */
    double wrongBoundFraction;
    double resetAtS = Double.NaN;
    /**
     * The host opens the port this many seconds after the board started: everything sent before waits in the
     * port and is read at once at the open (a board that does not reset on open), and no ping goes before.
     */
    double backlogS;
    long seed = 1;

    /** One line as it reaches the host. */
    private record Line(long receiveNanos, int segment, long seq, long rawUs, int bytes, long trueNanos, long pingN,
                        boolean hello) {
    }

    /** The estimates of every sample, and what was fed. */
    record Result(long[] trueNs, long[] onlineNs, long[] finalNs, Timeline timeline, int pongs) {
        ClockScenario.Errors online() {
            return ClockScenario.Errors.of(onlineNs, trueNs);
        }

        ClockScenario.Errors finalMapping() {
            return ClockScenario.Errors.of(finalNs, trueNs);
        }

        ClockScenario.Errors onlineFrom(int sample) {
            return ClockScenario.Errors.of(onlineNs, trueNs, sample, trueNs.length);
        }
    }

    private double uartNs(int bytes) {
        return bytes * 10.0 * 1e9 / baud;
    }

    private double nextFrame(double nanos, double phase) {
        double q = quantumMs * 1e6;
        return q > 0 ? Math.ceil((nanos - phase) / q) * q + phase : nanos;
    }

    private static int digits(long v) {
        return Long.toString(v).length();
    }

    private Generated generate() {
        SplittableRandom random = new SplittableRandom(seed);
        double phase = random.nextDouble() * quantumMs * 1e6;
        List<long[]> sent = new ArrayList<>(); // {n, start, end, bytes}: logged as the host writes them
        List<Line> lines = new ArrayList<>();
        // Host nanos of the device's boot (micros() = t0 then), per segment.
        double segmentStart = 0;
        long segmentT0 = t0Us;
        int segment = 0;
        long seq = 1;
        double uartFree = 0;
        List<double[]> boardReads = new ArrayList<>(); // {host nanos the board read the ping, n}
        // Pings: the host writes them on its own clock; the board reads each after the bridge and the UART.
        if (pings) {
            long n = 0;
            for (double t = backlogS * 1e9 + 0.1e9 + random.nextDouble() * 1e8; t < durationS * 1e9; t += 1e9 / pingHz
                    + random.nextDouble() * 2e6) {
                int bytes = "?ping,".length() + digits(n) + 1;
                double atBridge = nextFrame(t + hostDownMinMs * 1e6 + random.nextDouble() * hostDownJitterMs * 1e6,
                        phase);
                double read = atBridge + uartNs(bytes);
                if (random.nextDouble() < latePingFraction) {
                    read += (2 + random.nextDouble() * 18) * 1e6;
                }
                long logged = Math.round(t) + (random.nextDouble() < wrongBoundFraction ? 3_000_000 : 0);
                sent.add(new long[] {n, logged, logged + 20_000, bytes});
                boardReads.add(new double[] {read, n});
                n++;
            }
        }
        // The board's records, in the order it makes them: samples on its clock, pongs as pings are read.
        double periodNs = 1e9 / rateHz;
        int nextPing = 0;
        long k = 0;
        while (true) {
            double deviceS = k * periodNs / 1e9 / (1 + driftPpm * 1e-6);
            double sampleAt = segmentStart + deviceS * 1e9;
            if (segment == 0 && !Double.isNaN(resetAtS) && sampleAt >= resetAtS * 1e9) {
                segment = 1;
                segmentStart = resetAtS * 1e9 + 1.5e9;
                segmentT0 = 1_000_000 + random.nextLong(1_000_000);
                seq = 1;
                k = 0;
                // The hello after the boot.
                double end = Math.max(uartFree, segmentStart - 1e6) + uartNs(60);
                uartFree = end;
                lines.add(new Line(Math.round(delivered(end, phase, random)), 1, -1, -1, 60, -1, -1, true));
                continue;
            }
            if (sampleAt > durationS * 1e9) {
                break;
            }
            while (nextPing < boardReads.size() && boardReads.get(nextPing)[0] < sampleAt) {
                double read = boardReads.get(nextPing)[0];
                long n = (long) boardReads.get(nextPing)[1];
                nextPing++;
                if (read < segmentStart) {
                    continue; // the board was booting
                }
                long rawUs = deviceUs(read, segmentStart, segmentT0);
                int bytes = 1 + digits(seq) + 1 + digits(rawUs) + ",pong,".length() + digits(n) + 4;
                double end = Math.max(uartFree, read) + uartNs(bytes);
                uartFree = end;
                lines.add(new Line(Math.round(delivered(end, phase, random)), segment, seq++, rawUs, bytes, -1, n,
                        false));
            }
            long rawUs = deviceUs(sampleAt, segmentStart, segmentT0);
            int bytes = 1 + digits(seq) + 1 + digits(rawUs) + ",1500,1500".length() + 4;
            double end = Math.max(uartFree, sampleAt) + uartNs(bytes);
            uartFree = end;
            double receive = delivered(end, phase, random);
            if (random.nextDouble() < lateLineFraction) {
                receive += (50 + random.nextDouble() * 450) * 1e6;
            }
            lines.add(new Line(Math.round(receive), segment, seq++, rawUs, bytes, Math.round(sampleAt), -1, false));
            k++;
        }
        // The host reads lines in the order they came, never before an earlier one.
        long last = Math.round(backlogS * 1e9);
        List<Line> arrived = new ArrayList<>();
        for (Line l : lines) {
            long r = Math.max(l.receiveNanos(), last);
            last = r;
            arrived.add(new Line(r, l.segment(), l.seq(), l.rawUs(), l.bytes(), l.trueNanos(), l.pingN(), l.hello()));
        }
        return new Generated(arrived, sent.toArray(long[][]::new));
    }

    private record Generated(List<Line> arrived, long[][] pings) {
    }

    private double delivered(double uartEnd, double phase, SplittableRandom random) {
        return nextFrame(uartEnd, phase) + hostUpMinMs * 1e6 + random.nextDouble() * hostUpJitterMs * 1e6;
    }

    private long deviceUs(double hostNanos, double segmentStart, long segmentT0) {
        long us = segmentT0 + (long) Math.floor((hostNanos - segmentStart) / 1e3 * (1 + driftPpm * 1e-6));
        return Math.floorMod(us, U32);
    }

    /**
     * The records as the reader hands them on, in arrival order, and a timeline to feed them to (ready: hello
     * seen, pings logged).
     *
     * @param trueNs each record's true moment on the time base, or -1 for a pong
     */
    record Prepared(Timeline timeline, ControlRecord[] records, long[] trueNs, PingLog log, long[][] pings,
                    int[] nextPing) {
        /** Feeds records {@code [from, to)}; returns pongs matched. Allocation-free but for the clock's history. */
        int feed(int from, int to, long[] onlineNs) {
            int pongs = 0;
            for (int i = from; i < to; i++) {
                ControlRecord r = records[i];
                // The pinger's thread has logged every ping it started writing by now.
                while (nextPing[0] < pings.length && pings[nextPing[0]][1] <= r.receiveNanoTime) {
                    long[] p = pings[nextPing[0]++];
                    log.sent(p[0], p[1], p[2], (int) p[3]);
                }
                long t = timeline.controlTimeNs(r);
                if (r.kind == RecordKind.EVENT) {
                    pongs += timeline.onPong(r) ? 1 : 0;
                }
                onlineNs[i] = t;
            }
            return pongs;
        }
    }

    Prepared prepare() {
        return prepare(generate());
    }

    Result run() {
        Prepared p = prepare();
        int n = p.records().length;
        long[] online = new long[n];
        int pongs = p.feed(0, n, online);
        SegmentTimeMapping mapping = p.timeline().finalMapping();
        int samples = 0;
        for (ControlRecord r : p.records()) {
            samples += r.kind == RecordKind.SAMPLE ? 1 : 0;
        }
        long[] trueNs = new long[samples];
        long[] onlineNs = new long[samples];
        long[] finalNs = new long[samples];
        int k = 0;
        for (int i = 0; i < n; i++) {
            ControlRecord r = p.records()[i];
            if (r.kind == RecordKind.SAMPLE) {
                trueNs[k] = p.trueNs()[i];
                onlineNs[k] = online[i];
                finalNs[k] = mapping.toEpisodeNs(r.segment, r.deviceUs);
                k++;
            }
        }
        return new Result(trueNs, onlineNs, finalNs, p.timeline(), pongs);
    }

    private Prepared prepare(Generated g) {
        TimeBase base = new TimeBase(EPOCH_AT_START, 0);
        Timeline timeline = new Timeline(base, new EnvelopeClock(), baud, new FrameTimeRule(false, 0));
        timeline.onHello(Hello.parse("hello proto=1 fw=t channels=steering,throttle rate_hz=50 link=uart caps=ping"));
        PingLog log = new PingLog();
        if (pings) {
            timeline.pings(log);
        }
        ClockSegmentTracker tracker = new ClockSegmentTracker();
        List<ControlRecord> records = new ArrayList<>();
        List<Long> truth = new ArrayList<>();
        for (Line l : g.arrived()) {
            if (l.hello()) {
                tracker.onHello();
                continue;
            }
            tracker.accept(l.seq(), l.rawUs());
            ControlRecord r = new ControlRecord();
            r.kind = l.pingN() >= 0 ? RecordKind.EVENT : RecordKind.SAMPLE;
            r.segment = tracker.segment();
            r.deviceUs = tracker.deviceUs();
            r.seq = tracker.seq();
            r.receiveNanoTime = l.receiveNanos();
            r.lineBytes = l.bytes();
            if (l.pingN() >= 0) {
                setPong(r, l.pingN());
            }
            records.add(r);
            truth.add(l.pingN() >= 0 ? -1 : base.toEpochNs(l.trueNanos()));
        }
        return new Prepared(timeline, records.toArray(ControlRecord[]::new),
                truth.stream().mapToLong(Long::longValue).toArray(), log, g.pings(), new int[1]);
    }

    static void setPong(ControlRecord r, long n) {
        byte[] name = "pong".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, r.name, 0, name.length);
        r.nameLength = name.length;
        byte[] value = Long.toString(n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(value, 0, r.value, 0, value.length);
        r.valueLength = value.length;
    }
}
