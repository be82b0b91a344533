package drivetape.export;

import drivetape.dataset.TestEpisode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Small real episodes for the export tests: {@link TestEpisode}'s CSV files plus a real JPEG per frame, each a
 * flat grey whose level says which frame it is ({@link #level}), so a decoded video frame can be traced back.
 */
public final class ExportFixtures {
    public static final int WIDTH = 64;
    public static final int HEIGHT = 48;

    private ExportFixtures() {
    }

    /** The grey level of frame {@code index}'s JPEG: neighbours differ by far more than H.264's error. */
    public static int level(long index) {
        return 20 + (int) ((index * 37) % 200);
    }

    /**
     * An episode of {@code frames} frames every {@code intervalMs}, a control sample every 10 ms with steering
     * rising 1000 -> 2000 us over the episode and throttle at 1600 us; metadata says 30 fps.
     */
    public static Path episode(Path dir, String startedAt, int frames, double intervalMs) throws IOException {
        TestEpisode e = new TestEpisode(dir).metadata("\"started_at\": \"" + startedAt + "\", \"camera\": "
                + "{\"width\": " + WIDTH + ", \"height\": " + HEIGHT + ", \"fps\": 30.0}");
        double end = (frames - 1) * intervalMs + 20;
        for (double t = 0; t <= end; t += 10) {
            e.control(t, Math.round(1000 + 1000 * t / end), 1600);
        }
        for (int i = 0; i < frames; i++) {
            e.frame(10 + i * intervalMs);
        }
        Path episode = e.write();
        writeJpegs(episode, frames);
        return episode;
    }

    public static void writeJpegs(Path episode, int frames) throws IOException {
        Path dir = Files.createDirectories(episode.resolve("frames"));
        for (int i = 0; i < frames; i++) {
            Files.write(dir.resolve(String.format(Locale.ROOT, "%06d.jpg", i)), jpeg(level(i)));
        }
    }

    private static final Map<Integer, byte[]> JPEGS = new ConcurrentHashMap<>();

    /** A flat grey JPEG (encoded once per level: the levels repeat). */
    private static byte[] jpeg(int level) {
        return JPEGS.computeIfAbsent(level, v -> {
            BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(v, v, v));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "jpg", bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
    }
}
