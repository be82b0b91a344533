package drivetape.sim;

/**
 * The path from the board's firmware to the host's read: the board's UART, the USB bridge's flush grid and
 * the host's scheduling noise.
 *
 * @param kind      {@link LinkKind#UART}: each line crosses the board's UART at {@code baud}, 8N1 (10 bits a
 *                  byte), then the bridge; {@link LinkKind#USB}: no UART time
 * @param baud      bits per second of the UART (ignored for USB)
 * @param quantumMs the bridge forwards what it holds at multiples of this many ms of true time since the
 *                  start (an Uno's 16U2: 1 ms USB frames; an FTDI: 16 ms latency timer); 0 = the moment a
 *                  line's last byte is out
 * @param jitterMs  then the host's reader wakes a uniform random 0..jitterMs after data arrived (host
 *                  scheduling) and reads all that is there: never earlier, never reordered
 */
public record LinkConfig(LinkKind kind, int baud, double quantumMs, double jitterMs) {
    /** 8N1: a start bit, 8 data bits, a stop bit. */
    public static final int BITS_PER_BYTE = 10;
    public static final int DEFAULT_BAUD = 115200;
    private static final long NANOS_PER_BIT_NUMERATOR = BITS_PER_BYTE * 1_000_000_000L;

    public LinkConfig {
        if (kind == null) {
            throw new IllegalArgumentException("link kind missing");
        }
        require(baud > 0, "baud must be > 0, was " + baud);
        require(quantumMs >= 0 && quantumMs <= 1000, "quantum must be 0 (off) to 1000 ms, was " + quantumMs);
        require(jitterMs >= 0 && jitterMs < 60_000, "jitter must be >= 0 ms (and under a minute), was " + jitterMs);
    }

    /** The bridge's grid when none is given: 1 ms USB frames behind a UART, none on native USB. */
    public static double defaultQuantumMs(LinkKind kind) {
        return kind == LinkKind.UART ? 1 : 0;
    }

    /**
     * How long {@code bytes} bytes take on the UART, {@code bytes x 10 / baud} seconds rounded to the
     * nanosecond (0 on a USB link). Exact for any count: a burst of back-to-back lines is timed from its start.
     */
    public long uartNanos(long bytes) {
        if (kind == LinkKind.USB) {
            return 0;
        }
        long whole = bytes / baud;
        long rest = bytes % baud;
        return whole * NANOS_PER_BIT_NUMERATOR + (rest * NANOS_PER_BIT_NUMERATOR + baud / 2) / baud;
    }

    public long quantumNanos() {
        return Math.round(quantumMs * 1e6);
    }

    public long jitterNanos() {
        return Math.round(jitterMs * 1e6);
    }

    /** The first multiple of the quantum at or after {@code nanos} (itself when there is no grid). */
    public long nextFlush(long nanos) {
        long quantum = quantumNanos();
        return quantum <= 0 ? nanos : Math.floorDiv(nanos + quantum - 1, quantum) * quantum;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
