package drivetape.episode;

/**
 * What came from the controller during the episode.
 *
 * @param badLines lines dropped after the first valid record (bad syntax or checksum, a sample that did not
 *     fit the columns, an invalid hello)
 * @param lostSamples records the firmware sent that never arrived (gaps in seq)
 * @param noiseLines unusable bytes before the first valid record (boot noise): expected
 * @param boardResets clock segments started after the first
 */
public record ControlCounts(long samples, long events, long badLines, long lostSamples, long noiseLines,
                            long boardResets) {
}
