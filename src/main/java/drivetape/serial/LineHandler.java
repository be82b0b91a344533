package drivetape.serial;

/** Receives the lines a {@link LineAssembler} cuts from the byte stream. */
public interface LineHandler {

    /**
     * One complete line, without its '\n' (a '\r' before it is still there). The bytes are only valid during
     * the call: they live in a reused buffer or in the caller's read chunk.
     */
    void onLine(byte[] buf, int off, int len);

    /** A line longer than {@link LineParser#MAX_LINE} bytes: reported once, its bytes are dropped. */
    void onOverlong();
}
