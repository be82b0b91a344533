package drivetape.report;

import drivetape.dataset.Controls;
import drivetape.dataset.Episode;
import drivetape.dataset.Frames;
import drivetape.timing.NearestSample;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * report.png: four panels in one image, 2 x 2 of {@value #PANEL_WIDTH} x {@value #PANEL_HEIGHT}: the channels
 * over time, the control and frame interval histograms, each frame's offset to its nearest control sample over
 * time, and each control sample's delivery delay above the clock fit (receive_ns - t_ns) over time.
 */
public final class ReportChart {
    public static final String FILE = "report.png";
    static final int PANEL_WIDTH = 800;
    static final int PANEL_HEIGHT = 500;
    static final int MAX_POINTS_PER_SERIES = 5000;
    private static final int HISTOGRAM_BINS = 60;

    private ReportChart() {
    }

    /** Draws the episode's report.png (atomically: a temporary file renamed) and returns its path. */
    public static Path write(Episode episode) throws IOException {
        // A recorder on a car has no display; AWT must not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = render(episode);
        Path target = episode.directory().resolve(FILE);
        Path temporary = episode.directory().resolve(FILE + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer in this Java runtime");
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    static BufferedImage render(Episode episode) {
        Controls controls = episode.controls();
        Frames frames = episode.frames();
        long start = episode.startNs();
        int[] byTime = controls.orderByTime();
        long[] controlNs = new long[byTime.length];
        double[] controlS = new double[byTime.length];
        for (int i = 0; i < byTime.length; i++) {
            controlNs[i] = controls.tNs(byTime[i]);
            controlS[i] = (controlNs[i] - start) / 1e9;
        }
        List<XYChart> panels = List.of(channels(controls, byTime, controlS),
                intervals(controlNs, sortedTimes(frames)),
                offsets(frames, controlNs, start),
                delays(controls, byTime, controlS,
                        episode.metadata().path("clock").path("method").asText("")));
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % 2) * PANEL_WIDTH,
                        (i / 2) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static XYChart channels(Controls controls, int[] byTime, double[] timeS) {
        XYChart chart = chart("Controls over time", "s from start", "µs (0 = no signal)");
        for (int c = 0; c < controls.channels().size(); c++) {
            double[] values = new double[byTime.length];
            for (int i = 0; i < byTime.length; i++) {
                values[i] = controls.value(c, byTime[i]);
            }
            line(chart, controls.channels().get(c), timeS, values);
        }
        return chart;
    }

    private static XYChart intervals(long[] controlNs, long[] frameNs) {
        double[] controlMs = intervalsMs(controlNs);
        double[] frameMs = intervalsMs(frameNs);
        // Up to 3 x the slower stream's p99 (so a gap of seconds does not squash the histogram), counting
        // what falls beyond in the title.
        double upper = Math.max(percentile(controlMs, 0.99), percentile(frameMs, 0.99)) * 3;
        upper = Math.max(upper, 1.0);
        int beyond = countAbove(controlMs, upper) + countAbove(frameMs, upper);
        String title = "Intervals (ms)" + (beyond > 0
                ? String.format(Locale.ROOT, ": %d above %.0f ms not shown", beyond, upper) : "");
        XYChart chart = chart(title, "interval (ms)", "count");
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        histogram(chart, "controls", controlMs, upper);
        histogram(chart, "frames", frameMs, upper);
        return chart;
    }

    private static XYChart offsets(Frames frames, long[] sortedControlNs, long start) {
        XYChart chart = chart("Frame offset to nearest control sample", "s from start", "ms");
        double[] x = new double[frames.size()];
        double[] y = new double[frames.size()];
        int n = 0;
        if (sortedControlNs.length > 0) {
            for (int i = 0; i < frames.size(); i++) {
                x[n] = (frames.tNs(i) - start) / 1e9;
                y[n++] = NearestSample.distanceNs(sortedControlNs, frames.tNs(i)) / 1e6;
            }
        }
        line(chart, "offset", Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        return chart;
    }

    private static XYChart delays(Controls controls, int[] byTime, double[] timeS, String clockMethod) {
        XYChart chart = chart("Delivery delay above the clock fit: receive_ns - t_ns"
                + (clockMethod.isEmpty() ? "" : " (clock: " + clockMethod + ")"), "s from start", "ms");
        double[] delayMs = new double[byTime.length];
        for (int i = 0; i < byTime.length; i++) {
            delayMs[i] = (controls.receiveNs(byTime[i]) - controls.tNs(byTime[i])) / 1e6;
        }
        line(chart, "receive_ns - t_ns", timeS, delayMs);
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    private static void line(XYChart chart, String name, double[] x, double[] y) {
        if (x.length == 0) {
            // XChart cannot draw an empty series; say so in the legend instead.
            XYSeries empty = chart.addSeries(name + " (no data)", new double[] {0}, new double[] {0});
            empty.setMarker(SeriesMarkers.NONE);
            return;
        }
        double[][] thin = Downsample.minMax(x, y, MAX_POINTS_PER_SERIES);
        XYSeries series = chart.addSeries(name, thin[0], thin[1]);
        series.setMarker(SeriesMarkers.NONE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static void histogram(XYChart chart, String name, double[] valuesMs, double upper) {
        double width = upper / HISTOGRAM_BINS;
        double[] x = new double[HISTOGRAM_BINS + 1];
        double[] count = new double[HISTOGRAM_BINS + 1];
        for (int b = 0; b <= HISTOGRAM_BINS; b++) {
            x[b] = b * width;
        }
        for (double v : valuesMs) {
            if (v >= 0 && v <= upper) {
                count[Math.min(HISTOGRAM_BINS - 1, (int) (v / width))]++;
            }
        }
        XYSeries series = chart.addSeries(name + " (" + valuesMs.length + ")", x, count);
        series.setMarker(SeriesMarkers.NONE);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    }

    private static long[] sortedTimes(Frames frames) {
        long[] t = new long[frames.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = frames.tNs(i);
        }
        Arrays.sort(t);
        return t;
    }

    private static double[] intervalsMs(long[] sortedNs) {
        double[] ms = new double[Math.max(0, sortedNs.length - 1)];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = (sortedNs[i + 1] - sortedNs[i]) / 1e6;
        }
        return ms;
    }

    private static double percentile(double[] values, double fraction) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static int countAbove(double[] values, double limit) {
        int n = 0;
        for (double v : values) {
            n += v > limit ? 1 : 0;
        }
        return n;
    }
}
