package drivetape.sim;

/**
 * The host-to-board path, as pure arithmetic: turns the bytes the simulator reads from its port into the
 * lines the firmware reads, each with the moment the board has its newline.
 *
 * <p>The model, mirroring {@link Uplink}: bytes the host wrote reach the USB bridge with the next USB frame
 * (the next multiple of the quantum at or after the moment the simulator read them); the bridge's UART then
 * sends them to the ATmega one after another at the baud rate, 8N1, so the newline of an n-byte line is in
 * the board's receive buffer at least {@code n x 10 / baud} after the bridge got the line. The firmware's
 * loop polls the buffer continuously, so it reads the newline at that moment. A USB board has no UART: it
 * reads the line with the USB frame. Lines longer than the protocol's 120 bytes are dropped up to the next
 * newline, as the firmware's line buffer would.
 */
final class Downlink {
    /** Receives each complete line (without its newline and a '\r' before it). */
    interface LineSink {
        void line(byte[] line, int length, long boardNanos);
    }

    private final LinkConfig link;
    private final byte[] line = new byte[SimConfig.MAX_LINE_BYTES];
    private int length;
    private boolean overflowed;
    private long burstStartNanos;
    private long burstBytes;
    private long busyUntilNanos = Long.MIN_VALUE;

    Downlink(LinkConfig link) {
        this.link = link;
    }

    /** Bytes {@code bytes[offset, offset + count)} that the simulator read at {@code readNanos}. */
    void accept(byte[] bytes, int offset, int count, long readNanos, LineSink sink) {
        long atBridge = link.nextFlush(readNanos);
        for (int i = offset; i < offset + count; i++) {
            if (atBridge >= busyUntilNanos) {
                burstStartNanos = atBridge;
                burstBytes = 0;
            }
            burstBytes++;
            busyUntilNanos = burstStartNanos + link.uartNanos(burstBytes);
            byte b = bytes[i];
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                if (!overflowed) {
                    sink.line(line, end, busyUntilNanos);
                }
                length = 0;
                overflowed = false;
            } else if (length < line.length - 1) {
                line[length++] = b;
            } else {
                overflowed = true;
            }
        }
    }
}
