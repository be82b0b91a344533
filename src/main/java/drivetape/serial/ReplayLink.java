package drivetape.serial;

/**
 * Bytes captured earlier, replayed as a link: a chunk per read, then the end of the stream. Used to run the
 * reader over known input (its JIT warm-up, tests) exactly as over a port.
 */
public final class ReplayLink implements SerialLink {
    private final byte[] bytes;
    private final int chunk;
    private int position;

    public ReplayLink(byte[] bytes, int chunk) {
        this.bytes = bytes;
        this.chunk = chunk;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= bytes.length) {
            return -1;
        }
        int n = Math.min(Math.min(chunk, length), bytes.length - position);
        System.arraycopy(bytes, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public String describe() {
        return "replay";
    }

    @Override
    public void close() {
        position = bytes.length;
    }
}
