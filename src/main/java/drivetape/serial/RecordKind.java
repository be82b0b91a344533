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
    EMPTY,
    /** Not a line: the link went away (cable out, pty closed); {@code receiveNanoTime} is when it was noticed. */
    LINK_DOWN,
    /** Not a line: the link is open again after {@link #LINK_DOWN}; the board has reset (a new clock segment). */
    LINK_UP
}
