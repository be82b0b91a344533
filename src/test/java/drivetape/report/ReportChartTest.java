package drivetape.report;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.dataset.Episode;
import drivetape.dataset.TestEpisode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportChartTest {

    @TempDir
    Path dir;

    @Test
    void drawsFourPanelsIntoReportPng() throws IOException {
        TestEpisode e = new TestEpisode(dir).startMs(-500);
        for (int i = 0; i < 600; i++) {
            e.control(i * 20, 1 + (i % 7) * 0.5, 1500 + Math.round(400 * Math.sin(i / 30.0)), 1500 + (i % 50));
        }
        for (int i = 0; i < 360; i++) {
            if (i % 50 == 7) {
                e.droppedFrame(i * 33.3 + 3);
            } else {
                e.frame(i * 33.3 + 3);
            }
        }
        Episode episode = Episode.read(e.write());

        Path png = ReportChart.write(episode);

        assertThat(png).isEqualTo(dir.resolve("report.png"));
        assertThat(dir.resolve("report.png.tmp")).doesNotExist();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(1000);
        // Axes, grid and text are grey or black; only plotted series are coloured. Each panel must have some.
        for (int panel = 0; panel < 4; panel++) {
            int x0 = (panel % 2) * 800;
            int y0 = (panel / 2) * 500;
            assertThat(colouredPixels(image, x0, y0, 800, 500)).as("coloured pixels in panel " + panel)
                    .isGreaterThan(200);
        }
    }

    @Test
    void anEpisodeWithNoDataStillGetsAPicture() throws IOException {
        Episode episode = Episode.read(new TestEpisode(dir).write());

        BufferedImage image = ImageIO.read(ReportChart.write(episode).toFile());

        assertThat(image.getWidth()).isEqualTo(1600);
        assertThat(image.getHeight()).isEqualTo(1000);
    }

    @Test
    void downsamplingKeepsSpikes() {
        double[] x = new double[100_000];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = i == 54_321 ? 99 : i == 77_777 ? -5 : 1;
        }

        double[][] thin = Downsample.minMax(x, y, 5000);

        assertThat(thin[0].length).isLessThanOrEqualTo(5000);
        assertThat(thin[1]).contains(99.0, -5.0);
        assertThat(thin[0]).contains(54_321.0, 77_777.0).isSorted();
    }

    private static int colouredPixels(BufferedImage image, int x0, int y0, int width, int height) {
        int count = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80) {
                    count++;
                }
            }
        }
        return count;
    }
}
