package drivetape.sim.camera;

import java.nio.ByteBuffer;

/**
 * Draws a simulated camera frame into packed BGR24 pixels: a fixed textured background, a ball that moves
 * with true time (so a latency finder cannot just look for "what changes"), and the calibration LED.
 *
 * <p>The LED is a disc of radius {@value #LED_RADIUS} px centred {@value #LED_INSET} px from the top and
 * right edges, at ({@code width - 24}, 24), inside a black housing. Its grey level goes from
 * {@value #LED_OFF} (off for the whole exposure) to {@value #LED_ON} (on for the whole exposure) in
 * proportion to the fraction of the exposure it was lit. The ball keeps to the part of the frame below
 * the LED's band, so it never covers the LED.
 */
public final class FramePainter {
    public static final int LED_INSET = 24;
    public static final int LED_RADIUS = 10;
    public static final int LED_OFF = 40;
    public static final int LED_ON = 255;
    static final int HOUSING_RADIUS = 14;
    /** The ball stays below this many pixels from the top. */
    static final int LED_BAND = 2 * LED_INSET + 8;
    private static final double BALL_SPEED_PX_PER_S = 240;

    private final int width;
    private final int height;
    private final byte[] background;
    private final int ballRadius;

    public FramePainter(int width, int height) {
        this.width = width;
        this.height = height;
        this.ballRadius = Math.max(6, height / 12);
        this.background = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                boolean grid = x % 40 == 0 || y % 40 == 0;
                int shade = 90 + 60 * y / height;
                background[i] = (byte) (grid ? 60 : shade + 20);
                background[i + 1] = (byte) (grid ? 60 : shade);
                background[i + 2] = (byte) (grid ? 60 : 70 + 50 * x / width);
            }
        }
    }

    public int ledX() {
        return width - LED_INSET;
    }

    public int ledY() {
        return LED_INSET;
    }

    /** The LED's grey level for {@code ledMilli} thousandths of the exposure lit. */
    public static int ledLevel(int ledMilli) {
        return LED_OFF + Math.round((LED_ON - LED_OFF) * Math.max(0, Math.min(1000, ledMilli)) / 1000f);
    }

    /**
     * Paints the frame exposed around {@code exposureNanos} (true nanoseconds since the origin) into
     * {@code bgr} from its position 0, {@code width x 3} bytes a row.
     */
    public void paint(ByteBuffer bgr, long exposureNanos, int ledMilli) {
        bgr.clear();
        bgr.put(background).flip();
        double s = exposureNanos / 1e9;
        int minY = LED_BAND + ballRadius;
        int maxY = height - ballRadius - 1;
        int minX = ballRadius;
        int maxX = width - ballRadius - 1;
        // Bouncing across at a steady speed, bobbing up and down: never still, never quickly the same.
        double span = maxX - minX;
        double travelled = (s * BALL_SPEED_PX_PER_S) % (2 * span);
        int cx = minX + (int) Math.round(travelled <= span ? travelled : 2 * span - travelled);
        int cy = minY + (int) Math.round((maxY - minY) * (0.5 + 0.5 * Math.sin(2 * Math.PI * s / 2.3 + 1)));
        disc(bgr, cx, cy, ballRadius, 30, 140, 240);
        disc(bgr, ledX(), ledY(), HOUSING_RADIUS, 0, 0, 0);
        int level = ledLevel(ledMilli);
        disc(bgr, ledX(), ledY(), LED_RADIUS, level, level, level);
    }

    private void disc(ByteBuffer bgr, int cx, int cy, int r, int b, int g, int red) {
        for (int y = Math.max(0, cy - r); y <= Math.min(height - 1, cy + r); y++) {
            for (int x = Math.max(0, cx - r); x <= Math.min(width - 1, cx + r); x++) {
                int dx = x - cx;
                int dy = y - cy;
                if (dx * dx + dy * dy <= r * r) {
                    int i = (y * width + x) * 3;
                    bgr.put(i, (byte) b).put(i + 1, (byte) g).put(i + 2, (byte) red);
                }
            }
        }
    }
}
