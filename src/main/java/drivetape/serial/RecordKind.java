package drivetape.serial;

/** What a serial line turned out to be. */
public enum RecordKind {
    /** A {@code $} record: control sample. */
    SAMPLE,
    /** A {@code !} record: event such as failsafe or led. */
    EVENT,
    /** The {@code #hello ...} info line sent once after boot. */
    HELLO,
    /** Any other {@code #} info line. */
    INFO,
    /** Not a valid record (bad syntax, bad checksum, too long, non-ASCII). */
    BAD,
    /** An empty line: ignored. */
    EMPTY
}
