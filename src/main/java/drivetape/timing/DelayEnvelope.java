package drivetape.timing;

/**
 * Measures a device clock against the host's from (device time, receive time) pairs.
 *
 * <p>Delivery delays are one-sided (a line arrives late, never early), so the device-to-host relation is
 * the lower envelope of {@code receive - device}: the minimum of that difference in each second of device
 * time, with a least-squares line through those minima. Its slope is the drift; how far each record lies
 * above it is its delivery delay. Only the current clock segment is fitted: a board reset restarts the
 * device clock, and the old segment must not bend the new one.
 */
final class DelayEnvelope {
    private static final long WINDOW_US = 1_000_000;
    private static final double HISTOGRAM_BIN_MS = 0.01;
    private static final int HISTOGRAM_BINS = 20_000;

    private final LongSeries deviceUs = new LongSeries();
    private final LongSeries differenceNs = new LongSeries();
    private int segment = -1;
    private int segments;
    private long samples;

    void add(int recordSegment, long device, long receiveNs) {
        if (recordSegment != segment) {
            segment = recordSegment;
            segments++;
            deviceUs.clear();
            differenceNs.clear();
        }
        samples++;
        deviceUs.add(device);
        differenceNs.add(receiveNs - device * 1000);
    }

    ClockFit fit(String method) {
        int n = deviceUs.size();
        if (n == 0) {
            return new ClockFit(method, 0.0, 0, 0.0, segments, samples);
        }
        // Lower envelope: one minimum per window of device time.
        double sumX = 0;
        double sumY = 0;
        double sumXX = 0;
        double sumXY = 0;
        int points = 0;
        long x0 = deviceUs.get(0);
        long windowStart = x0;
        long minY = Long.MAX_VALUE;
        long minX = 0;
        for (int i = 0; i <= n; i++) {
            boolean closeWindow = i == n || deviceUs.get(i) - windowStart >= WINDOW_US;
            if (closeWindow && minY != Long.MAX_VALUE) {
                double x = (minX - x0) / 1e6;
                double y = (minY - differenceNs.get(0)) / 1e6;
                sumX += x;
                sumY += y;
                sumXX += x * x;
                sumXY += x * y;
                points++;
                minY = Long.MAX_VALUE;
            }
            if (i == n) {
                break;
            }
            if (closeWindow) {
                windowStart = deviceUs.get(i);
            }
            if (differenceNs.get(i) < minY) {
                minY = differenceNs.get(i);
                minX = deviceUs.get(i);
            }
        }
        // y in ms against x in s: a slope of 1 ms/s is 1000 ppm.
        double slope = 0;
        double intercept = points > 0 ? sumY / points : 0;
        double denominator = points * sumXX - sumX * sumX;
        if (points >= 2 && denominator > 0) {
            slope = (points * sumXY - sumX * sumY) / denominator;
            intercept = (sumY - slope * sumX) / points;
        }
        // Shift the line down so it is a true lower bound (no record arrives before it).
        double lowest = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double x = (deviceUs.get(i) - x0) / 1e6;
            double y = (differenceNs.get(i) - differenceNs.get(0)) / 1e6;
            lowest = Math.min(lowest, y - (intercept + slope * x));
        }
        intercept += lowest;
        int[] histogram = new int[HISTOGRAM_BINS + 1];
        for (int i = 0; i < n; i++) {
            double x = (deviceUs.get(i) - x0) / 1e6;
            double y = (differenceNs.get(i) - differenceNs.get(0)) / 1e6;
            int bin = (int) ((y - (intercept + slope * x)) / HISTOGRAM_BIN_MS);
            histogram[Math.max(0, Math.min(HISTOGRAM_BINS, bin))]++;
        }
        double p99 = percentileOfHistogram(histogram, n, 0.99) * HISTOGRAM_BIN_MS;
        // Host time of device time 0 on the envelope: difference at x0, plus the line at x0.
        long offsetNs = differenceNs.get(0) + Math.round((intercept - slope * (x0 / 1e6)) * 1e6);
        // receive - device shrinks when the device clock runs fast: the drift is minus the slope.
        double driftPpm = -slope * 1000.0;
        return new ClockFit(method, driftPpm, offsetNs, p99, segments, samples);
    }

    private static double percentileOfHistogram(int[] histogram, int count, double fraction) {
        long rank = (long) Math.ceil(fraction * count);
        long seen = 0;
        for (int bin = 0; bin < histogram.length; bin++) {
            seen += histogram[bin];
            if (seen >= rank) {
                return bin + 1;
            }
        }
        return histogram.length;
    }
}
