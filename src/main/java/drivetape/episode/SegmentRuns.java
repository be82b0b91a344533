package drivetape.episode;

import drivetape.timing.LongSeries;

/**
 * The clock segment of each row of a table, kept as the rows where the segment changes (board resets are
 * rare, so this stays tiny however long the episode).
 */
final class SegmentRuns {
    private final LongSeries startRows = new LongSeries(16);
    private final LongSeries segments = new LongSeries(16);

    /** Records that row {@code row} is in {@code segment}; rows must come in order. */
    void add(long row, int segment) {
        if (segments.isEmpty() || segments.last() != segment) {
            startRows.add(row);
            segments.add(segment);
        }
    }

    int segmentOf(long row) {
        int i = startRows.size() - 1;
        while (i > 0 && startRows.get(i) > row) {
            i--;
        }
        return segments.isEmpty() ? 0 : (int) segments.get(i);
    }
}
