package drivetape.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellGridTest {
    @Test
    void overlappingCellsCoverTheFrameAndAverageTheirPixels() {
        int width = 64;
        int height = 48;
        CellGrid grid = CellGrid.over(width, height, 16);
        // Cells every 8 px: 7 columns (0..48) and 5 rows (0..32).
        assertThat(grid.size()).isEqualTo(35);
        assertThat(grid.region(0)).isEqualTo(new Region(0, 0, 16, 16));
        assertThat(grid.region(34)).isEqualTo(new Region(48, 32, 16, 16));

        byte[] grey = new byte[width * height];
        for (int y = 8; y < 24; y++) {
            for (int x = 40; x < 56; x++) {
                grey[y * width + x] = (byte) 200; // a lit LED exactly in the cell at (40, 8)
            }
        }
        float[] levels = new float[grid.size()];
        grid.levels(grey, width, height, width, new long[(width + 1) * (height + 1)], levels);
        int ledCell = 1 * 7 + 5;
        assertThat(grid.region(ledCell)).isEqualTo(new Region(40, 8, 16, 16));
        assertThat(levels[ledCell]).isEqualTo(200f);
        assertThat(levels[0]).isEqualTo(0f);
        assertThat(levels[1 * 7 + 4]).isEqualTo(100f); // half over the LED
    }

    @Test
    void aGivenRegionIsTheOneCell() {
        CellGrid grid = CellGrid.of(new Region(2, 3, 4, 5));
        assertThat(grid.size()).isEqualTo(1);
        byte[] grey = new byte[10 * 10];
        grey[3 * 10 + 2] = 20;
        float[] levels = new float[1];
        grid.levels(grey, 10, 10, 10, new long[11 * 11], levels);
        assertThat(levels[0]).isEqualTo(1f);
    }
}
