package drivetape.calibrate;

/**
 * Square cells over a grey frame, overlapping by half, so that an LED anywhere lies wholly inside one: the
 * candidates the LED finder scores. With an {@code --led-region} there is one cell, that region.
 */
public final class CellGrid {
    private final int[] x;
    private final int[] y;
    private final int[] w;
    private final int[] h;

    private CellGrid(int[] x, int[] y, int[] w, int[] h) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
    }

    /** Cells of {@code size} px every {@code size / 2} px over a {@code width x height} frame. */
    public static CellGrid over(int width, int height, int size) {
        int step = Math.max(1, size / 2);
        int columns = Math.max(1, (width - size) / step + 1);
        int rows = Math.max(1, (height - size) / step + 1);
        int n = columns * rows;
        int[] x = new int[n];
        int[] y = new int[n];
        int[] w = new int[n];
        int[] h = new int[n];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++, i++) {
                x[i] = c * step;
                y[i] = r * step;
                w[i] = Math.min(size, width - x[i]);
                h[i] = Math.min(size, height - y[i]);
            }
        }
        return new CellGrid(x, y, w, h);
    }

    /** The one cell {@code region}. */
    public static CellGrid of(Region region) {
        return new CellGrid(new int[] {region.x()}, new int[] {region.y()}, new int[] {region.width()},
                new int[] {region.height()});
    }

    /** The cell size for a frame: a sixteenth of its smaller side, at least 16 px (an LED a metre or two away). */
    public static int cellSizeFor(int width, int height) {
        return Math.max(16, Math.min(width, height) / 16);
    }

    public int size() {
        return x.length;
    }

    public Region region(int cell) {
        return new Region(x[cell], y[cell], w[cell], h[cell]);
    }

    /**
     * The mean grey level of every cell of a frame, from its integral image.
     *
     * @param grey one byte a pixel, {@code stride} bytes a row
     * @param integral scratch of at least {@code (width + 1) * (height + 1)} longs
     * @param out a level per cell
     */
    public void levels(byte[] grey, int width, int height, int stride, long[] integral, float[] out) {
        int w1 = width + 1;
        for (int i = 0; i < w1; i++) {
            integral[i] = 0;
        }
        for (int row = 0; row < height; row++) {
            long sum = 0;
            int base = (row + 1) * w1;
            integral[base] = 0;
            for (int col = 0; col < width; col++) {
                sum += grey[row * stride + col] & 0xFF;
                integral[base + col + 1] = integral[base - w1 + col + 1] + sum;
            }
        }
        for (int c = 0; c < x.length; c++) {
            int x0 = Math.min(x[c], width);
            int y0 = Math.min(y[c], height);
            int x1 = Math.min(x[c] + w[c], width);
            int y1 = Math.min(y[c] + h[c], height);
            long area = (long) (x1 - x0) * (y1 - y0);
            long s = integral[y1 * w1 + x1] - integral[y0 * w1 + x1] - integral[y1 * w1 + x0] + integral[y0 * w1 + x0];
            out[c] = area == 0 ? 0 : (float) s / area;
        }
    }
}
