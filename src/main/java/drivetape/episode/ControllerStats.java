package drivetape.episode;

/**
 * What the serial reader counted that never became a record, read live from the reader's counters.
 *
 * @param badLines lines dropped for bad syntax or checksum after the first valid record
 * @param lostRecords records missing according to seq gaps
 * @param noiseLines lines before the first valid record (boot noise, expected when a board resets)
 * @param resets times the board was seen to restart (a new clock segment)
 * @param bytesRead bytes read from the link
 */
public record ControllerStats(long badLines, long lostRecords, long noiseLines, long resets, long bytesRead) {
    public static final ControllerStats NONE = new ControllerStats(0, 0, 0, 0, 0);
}
