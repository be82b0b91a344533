package drivetape.serial;

/** Why {@link LineParser} rejected a line: for diagnostics and tests, never shown per line on the hot path. */
public enum BadLineReason {
    /** The last line parsed was not bad. */
    NONE,
    /** More than {@link LineParser#MAX_LINE} bytes before the line end. */
    TOO_LONG,
    /** A byte outside printable ASCII: a control character, DEL, or a byte >= 0x80 (line noise, wrong baud). */
    NOT_ASCII,
    /** The first byte is none of '$', '!', '#'. */
    UNKNOWN_START,
    /** Wrong shape: missing or misplaced '*', not two hex digits, empty or non-decimal field, missing field. */
    SYNTAX,
    /** A number that does not fit: seq or t_us above 4294967295, a channel value above 2147483647. */
    OUT_OF_RANGE,
    /** More channel values than {@link ControlRecord#MAX_CHANNELS}. */
    TOO_MANY_VALUES,
    /** The '*' checksum does not match the bytes. */
    CHECKSUM
}
