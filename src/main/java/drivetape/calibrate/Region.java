package drivetape.calibrate;

/** A rectangle of a frame in pixels: {@code x,y} its top-left corner, as {@code --led-region} gives it. */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a region is X,Y,W,H with X and Y >= 0 and W and H > 0");
        }
    }

    /** Parses {@code X,Y,W,H}. */
    public static Region parse(String text) {
        String[] parts = text.trim().split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("give the region as X,Y,W,H in pixels, e.g. 600,10,30,30; got '"
                    + text + "'");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("give the region as X,Y,W,H in whole pixels, e.g. 600,10,30,30;"
                        + " got '" + text + "'");
            }
        }
        return new Region(v[0], v[1], v[2], v[3]);
    }

    public boolean fitsIn(int frameWidth, int frameHeight) {
        return x + width <= frameWidth && y + height <= frameHeight;
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
