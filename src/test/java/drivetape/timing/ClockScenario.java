package drivetape.timing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic controller link for clock tests: records measured at known host moments, stamped by a
 * drifting device clock, delivered late by a one-sided delay (uniform jitter, optionally on USB-bridge flush
 * boundaries, with outliers, a host stall and a board reset). Never reordered, never early.
 */
final class ClockScenario {
    static final long HOST_START_NS = 1_700_000_000_000_000_000L;

    double rateHz = 50;
    double durationS = 15;
    double driftPpm;
    /** Drift change per second (a warming resonator). */
    double driftRampPpmPerS;
    double jitterMs;
    double quantumMs;
    long t0Us = 1_500_000;
    double outlierFraction;
    double outlierMinMs = 50;
    double outlierMaxMs = 500;
    double stallAtS = Double.NaN;
    double stallForS;
    double resetAtS = Double.NaN;
    long seed = 1;

    /** The generated records, in arrival order. */
    record Records(int[] segment, long[] deviceUs, long[] receiveNs, long[] trueNs) {
        int size() {
            return segment.length;
        }
    }

    /** Errors of one estimate against the truth, in ms. */
    record Errors(double p50Ms, double p99Ms, double maxMs) {
        static Errors of(long[] estimateNs, long[] trueNs, int from, int to) {
            double[] ms = new double[to - from];
            for (int i = from; i < to; i++) {
                ms[i - from] = Math.abs(estimateNs[i] - trueNs[i]) / 1e6;
            }
            Arrays.sort(ms);
            return new Errors(rank(ms, 0.50), rank(ms, 0.99), ms[ms.length - 1]);
        }

        static Errors of(long[] estimateNs, long[] trueNs) {
            return of(estimateNs, trueNs, 0, trueNs.length);
        }

        private static double rank(double[] sorted, double fraction) {
            int r = (int) Math.ceil(fraction * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms", p50Ms, p99Ms, maxMs);
        }
    }

    Records generate() {
        SplittableRandom random = new SplittableRandom(seed);
        int n = (int) Math.floor(durationS * rateHz);
        int[] segment = new int[n];
        long[] deviceUs = new long[n];
        long[] receiveNs = new long[n];
        long[] trueNs = new long[n];
        double periodNs = 1e9 / rateHz;
        // The bridge's flush grid has its own phase against the host clock.
        double quantumNs = quantumMs * 1e6;
        double gridPhaseNs = quantumNs > 0 ? random.nextDouble() * quantumNs : 0;
        long segmentT0Us = t0Us;
        double segmentStartS = 0;
        int seg = 0;
        long lastReceive = Long.MIN_VALUE;
        double devicePeriodUs = 1e6 / rateHz;
        long deviceIndex = 0;
        for (int i = 0; i < n; i++) {
            // The firmware samples on its own clock: every period of device time.
            double t = segmentStartS + trueSecondsFor(deviceIndex * devicePeriodUs / 1e6, segmentStartS);
            if (seg == 0 && !Double.isNaN(resetAtS) && t >= resetAtS) {
                seg = 1;
                segmentStartS = resetAtS + 1.5; // the boot takes a moment
                segmentT0Us = 1_000_000 + random.nextLong(1_000_000); // micros() restarts after boot
                deviceIndex = 0;
                t = segmentStartS;
            }
            deviceIndex++;
            segment[i] = seg;
            deviceUs[i] = segmentT0Us + Math.round((deviceIndex - 1) * devicePeriodUs);
            trueNs[i] = HOST_START_NS + Math.round(t * 1e9);
            double delivery = trueNs[i] - HOST_START_NS + random.nextDouble() * jitterMs * 1e6;
            if (quantumNs > 0) {
                delivery = Math.ceil((delivery - gridPhaseNs) / quantumNs) * quantumNs + gridPhaseNs;
            }
            if (outlierFraction > 0 && random.nextDouble() < outlierFraction) {
                delivery += (outlierMinMs + random.nextDouble() * (outlierMaxMs - outlierMinMs)) * 1e6;
            }
            if (!Double.isNaN(stallAtS) && delivery >= stallAtS * 1e9 && delivery < (stallAtS + stallForS) * 1e9) {
                delivery = (stallAtS + stallForS) * 1e9; // the host was not reading: all arrive together
            }
            long receive = Math.max(HOST_START_NS + (long) Math.ceil(delivery), lastReceive);
            receiveNs[i] = receive;
            lastReceive = receive;
        }
        return new Records(segment, deviceUs, receiveNs, trueNs);
    }

    /**
     * True seconds since the segment start at which the device clock (rate 1 + ppm(t) * 1e-6, ppm changing
     * linearly) has advanced by {@code deviceS}: Newton's method on its integral.
     */
    private double trueSecondsFor(double deviceS, double segmentStartS) {
        double a = (driftPpm + driftRampPpmPerS * segmentStartS) * 1e-6;
        double b = driftRampPpmPerS * 1e-6;
        double e = deviceS;
        for (int k = 0; k < 4; k++) {
            double f = e + a * e + b * e * e / 2 - deviceS;
            e -= f / (1 + a + b * e);
        }
        return e;
    }

    /** The online and final estimates of an {@link EnvelopeClock} fed the records. */
    record Run(Records records, long[] onlineNs, long[] finalNs, EnvelopeClock clock) {
        Errors online() {
            return Errors.of(onlineNs, records.trueNs());
        }

        Errors finalMapping() {
            return Errors.of(finalNs, records.trueNs());
        }

        Errors receive() {
            return Errors.of(records.receiveNs(), records.trueNs());
        }

        /** Errors of records measured at or after {@code fromS} seconds. */
        Errors onlineFrom(double fromS) {
            int from = 0;
            while (from < records.size() && records.trueNs()[from] - HOST_START_NS < fromS * 1e9) {
                from++;
            }
            return Errors.of(onlineNs, records.trueNs(), from, records.size());
        }
    }

    Run run() {
        Records r = generate();
        EnvelopeClock clock = new EnvelopeClock();
        long[] online = new long[r.size()];
        for (int i = 0; i < r.size(); i++) {
            online[i] = clock.toEpisodeNs(r.segment()[i], r.deviceUs()[i], r.receiveNs()[i]);
        }
        ClockMapping mapping = clock.finalMapping();
        long[] fin = new long[r.size()];
        for (int i = 0; i < r.size(); i++) {
            fin[i] = mapping.toEpisodeNs(r.segment()[i], r.deviceUs()[i]);
        }
        return new Run(r, online, fin, clock);
    }
}
