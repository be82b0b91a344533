package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The board-to-host path's arithmetic: UART time, queueing, the bridge's grid, in exact nanoseconds. */
class UplinkTest {
    private static final long MS = 1_000_000L;

    private static ScheduledLine line(int bytes, long measuredNanos) {
        ScheduledLine line = new ScheduledLine();
        for (int i = 0; i < bytes - 1; i++) {
            line.bytes[i] = 'x';
        }
        line.bytes[bytes - 1] = '\n';
        line.length = bytes;
        line.measuredNanos = measuredNanos;
        return line;
    }

    private static Uplink uplink(LinkKind kind, int baud, double quantumMs) {
        return new Uplink(new LinkConfig(kind, baud, quantumMs, 0), new SplittableRandom(1));
    }

    @Test
    void aLineTakesItsBytesTimesTenOverTheBaudRate() {
        LinkConfig link = new LinkConfig(LinkKind.UART, 115200, 0, 0);
        assertThat(link.uartNanos(1)).isEqualTo(86_806); // 10 / 115200 s = 86805.6 ns
        assertThat(link.uartNanos(25)).isEqualTo(2_170_139); // 250 / 115200 s = 2.1701389 ms
        assertThat(link.uartNanos(115_200)).isEqualTo(10_000_000_000L);
        assertThat(new LinkConfig(LinkKind.UART, 9600, 0, 0).uartNanos(12)).isEqualTo(12_500_000);
        assertThat(new LinkConfig(LinkKind.USB, 115200, 0, 0).uartNanos(25)).isZero();
        // No overflow for a burst of any length: exact to the nanosecond.
        assertThat(link.uartNanos(115_200L * 1_000_000)).isEqualTo(10_000_000_000L * 1_000_000);

        Uplink uplink = uplink(LinkKind.UART, 115200, 0);
        ScheduledLine a = line(25, 7 * MS);
        uplink.send(a);
        assertThat(a.uartStartNanos).isEqualTo(7 * MS);
        assertThat(a.uartEndNanos).isEqualTo(7 * MS + 2_170_139);
        assertThat(a.pieceCount).isEqualTo(1); // no bridge grid: the whole line when its last byte is out
        assertThat(a.deliveryNanos).isEqualTo(a.uartEndNanos);
    }

    @Test
    void linesQueueBehindEachOtherAsOnOneWireAndABurstIsTimedFromItsStart() {
        Uplink uplink = uplink(LinkKind.UART, 115200, 0);
        ScheduledLine a = line(20, 10 * MS);
        ScheduledLine b = line(30, 10 * MS + 100_000); // measured while a is still on the wire
        ScheduledLine c = line(7, 10 * MS + 200_000);
        ScheduledLine late = line(10, 20 * MS); // the wire is idle again
        uplink.send(a);
        uplink.send(b);
        uplink.send(c);
        uplink.send(late);
        LinkConfig link = new LinkConfig(LinkKind.UART, 115200, 0, 0);
        assertThat(b.uartStartNanos).isEqualTo(a.uartEndNanos);
        assertThat(c.uartStartNanos).isEqualTo(b.uartEndNanos);
        assertThat(b.uartEndNanos).isEqualTo(10 * MS + link.uartNanos(50));
        assertThat(c.uartEndNanos).isEqualTo(10 * MS + link.uartNanos(57));
        assertThat(late.uartStartNanos).isEqualTo(20 * MS);
        assertThat(late.uartEndNanos).isEqualTo(20 * MS + link.uartNanos(10));
    }

    @Test
    void theBridgeForwardsWhatHasLeftTheUartAtEachFlushSoALineCanArriveInPieces() {
        // 9600 baud: a byte every 1.0417 ms; a 1 ms grid sees at most one new byte per flush.
        LinkConfig link = new LinkConfig(LinkKind.UART, 9600, 4, 0);
        Uplink uplink = new Uplink(link, new SplittableRandom(1));
        ScheduledLine l = line(10, 2 * MS + 500_000); // 10.417 ms on the wire: 2.5 .. 12.917 ms
        uplink.send(l);
        // Bytes out by 4 ms: 1 (at 3.54); by 8 ms: 5 (7.71 ms is the 5th); by 12: 9; the 10th at 12.92 -> 16.
        assertThat(l.pieceCount).isEqualTo(4);
        assertThat(new int[] {l.pieceEnd(0), l.pieceEnd(1), l.pieceEnd(2), l.pieceEnd(3)})
                .containsExactly(1, 5, 9, 10);
        assertThat(new long[] {l.pieceNanos(0), l.pieceNanos(1), l.pieceNanos(2), l.pieceNanos(3)})
                .containsExactly(4 * MS, 8 * MS, 12 * MS, 16 * MS);
        assertThat(l.deliveryNanos).isEqualTo(16 * MS);

        // At 115200 and 1 ms frames a 25-byte sample measured on a frame boundary arrives in 3 pieces.
        Uplink uno = uplink(LinkKind.UART, 115200, 1);
        ScheduledLine sample = line(25, 40 * MS);
        uno.send(sample);
        assertThat(sample.pieceCount).isEqualTo(3);
        assertThat(sample.pieceEnd(0)).isEqualTo(11); // 11 x 86.8 us = 0.955 ms <= 1 ms < 12 bytes
        assertThat(sample.pieceEnd(1)).isEqualTo(23);
        assertThat(sample.deliveryNanos).isEqualTo(43 * MS);
    }

    @Test
    void aUsbBoardHasNoUartTimeAndDeliversOnTheGridOrAtOnce() {
        Uplink withFrames = uplink(LinkKind.USB, 115200, 1);
        ScheduledLine a = line(25, 40 * MS + 1);
        withFrames.send(a);
        assertThat(a.uartEndNanos).isEqualTo(a.measuredNanos);
        assertThat(a.pieceCount).isEqualTo(1);
        assertThat(a.deliveryNanos).isEqualTo(41 * MS);

        Uplink atOnce = uplink(LinkKind.USB, 115200, 0);
        ScheduledLine b = line(25, 40 * MS + 1);
        atOnce.send(b);
        assertThat(b.deliveryNanos).isEqualTo(40 * MS + 1);
    }

    @Test
    void theHostReadsAPieceUpToJitterLateAndWhatArrivedMeanwhileWithIt() {
        Uplink jittery = new Uplink(new LinkConfig(LinkKind.UART, 115200, 1, 5), new SplittableRandom(4));
        Uplink exact = uplink(LinkKind.UART, 115200, 1);
        long previous = Long.MIN_VALUE;
        int bunched = 0;
        int woken = 0;
        for (int i = 0; i < 2000; i++) {
            ScheduledLine l = line(25, i * 3 * MS);
            ScheduledLine flushes = line(25, i * 3 * MS);
            jittery.send(l);
            exact.send(flushes);
            assertThat(l.pieceCount).isEqualTo(flushes.pieceCount);
            for (int p = 0; p < l.pieceCount; p++) {
                long flush = flushes.pieceNanos(p);
                if (flush <= previous) {
                    assertThat(l.pieceNanos(p)).isEqualTo(previous); // read with the piece before
                    bunched++;
                } else {
                    assertThat(l.pieceNanos(p) - flush).isBetween(0L, 5 * MS); // a wake-up of its own
                    woken++;
                }
                previous = l.pieceNanos(p);
            }
        }
        assertThat(bunched).isPositive();
        assertThat(woken).isPositive();
    }
}
