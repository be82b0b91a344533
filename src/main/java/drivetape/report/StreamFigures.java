package drivetape.report;

import drivetape.timing.IntervalStats;

/**
 * How one stream (control samples or frames) actually came, against what was asked for.
 *
 * @param count rows in its CSV file
 * @param rateHz measured rate: 1000 / mean interval, in time order
 * @param expectedHz the rate asked for, or 0 when unknown
 * @param expectedFrom where {@code expectedHz} comes from (a metadata.json key or the hello line), or ""
 * @param intervals intervals between consecutive times, in time order
 */
public record StreamFigures(int count, double rateHz, double expectedHz, String expectedFrom, IntervalStats intervals) {
}
