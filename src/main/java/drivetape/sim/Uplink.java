package drivetape.sim;

import java.util.SplittableRandom;

/**
 * The board-to-host path of a line, as pure arithmetic: the ATmega's UART, the USB bridge, the host's read.
 *
 * <ul>
 *   <li>UART: a line starts when it was measured, or when the line before it has left, whichever is later
 *       (one wire, one byte at a time); byte k of a burst of back-to-back bytes leaves
 *       {@code k x 10 / baud} s after the burst started. USB boards have no UART: every byte is out at once.
 *   <li>Bridge: at each multiple of the quantum it forwards every byte that has left the UART by then, so a
 *       line can reach the host in pieces; without a quantum, a line goes as one piece when its last byte
 *       is out.
 *   <li>Host: the reader wakes for a piece a uniform random 0..jitter after it arrived, and takes all that
 *       has arrived by then: a piece forwarded before that wake-up is read with it. So nothing is early or
 *       out of order, and a late wake-up bunches what came meanwhile, as a busy host does.
 * </ul>
 */
final class Uplink {
    private final LinkConfig link;
    private final long jitterNanos;
    private final SplittableRandom jitterRandom;
    private long burstStartNanos;
    private long burstBytes;
    private long busyUntilNanos = Long.MIN_VALUE;
    private long lastDeliveryNanos = Long.MIN_VALUE;

    Uplink(LinkConfig link, SplittableRandom jitterRandom) {
        this.link = link;
        this.jitterNanos = link.jitterNanos();
        this.jitterRandom = jitterRandom;
    }

    /** Times {@code line} (its bytes and {@link ScheduledLine#measuredNanos} set): UART, pieces, delivery. */
    void send(ScheduledLine line) {
        if (line.measuredNanos >= busyUntilNanos) {
            burstStartNanos = line.measuredNanos; // the wire was idle: a new burst
            burstBytes = 0;
        }
        long firstByte = burstBytes;
        line.uartStartNanos = burstStartNanos + link.uartNanos(firstByte);
        burstBytes += line.length;
        line.uartEndNanos = burstStartNanos + link.uartNanos(burstBytes);
        busyUntilNanos = line.uartEndNanos;

        line.pieceCount = 0;
        if (link.quantumNanos() <= 0) {
            addPiece(line, line.length, line.uartEndNanos);
        } else {
            long flush = Long.MIN_VALUE;
            for (int i = 0; i < line.length; i++) {
                long leaves = burstStartNanos + link.uartNanos(firstByte + i + 1);
                long byteFlush = link.nextFlush(leaves);
                if (byteFlush != flush && i > 0) {
                    addPiece(line, i, flush);
                }
                flush = byteFlush;
            }
            addPiece(line, line.length, flush);
        }
        line.deliveryNanos = line.pieceNanos[line.pieceCount - 1];
    }

    private void addPiece(ScheduledLine line, int end, long flushNanos) {
        long delivery;
        if (flushNanos <= lastDeliveryNanos) {
            delivery = lastDeliveryNanos; // there before the host's late read of the piece before: read with it
        } else {
            delivery = flushNanos + (jitterNanos > 0 ? Math.round(jitterRandom.nextDouble() * jitterNanos) : 0);
        }
        lastDeliveryNanos = delivery;
        line.pieceEnd[line.pieceCount] = end;
        line.pieceNanos[line.pieceCount] = delivery;
        line.pieceCount++;
    }
}
