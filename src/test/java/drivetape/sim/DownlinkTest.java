package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host-to-board path's arithmetic: when the board has each line's newline. */
class DownlinkTest {
    private static final long MS = 1_000_000L;

    record Read(String line, long boardNanos) {
    }

    private static List<Read> feed(Downlink downlink, String text, long readNanos, List<Read> into) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        downlink.accept(bytes, 0, bytes.length, readNanos,
                (line, length, boardNanos) -> into.add(new Read(new String(line, 0, length, StandardCharsets.ISO_8859_1), boardNanos)));
        return into;
    }

    @Test
    void aPingReachesTheBoardAfterTheNextUsbFrameAndItsUartTime() {
        LinkConfig link = new LinkConfig(LinkKind.UART, 115200, 1, 0);
        List<Read> reads = feed(new Downlink(link), "?ping,7\n", 5 * MS + 300_000, new ArrayList<>());
        // The bridge gets it with the frame at 6 ms, then 8 bytes take 8 x 10 / 115200 s to the ATmega.
        assertThat(reads).containsExactly(new Read("?ping,7", 6 * MS + link.uartNanos(8)));
        assertThat(link.uartNanos(8)).isEqualTo(694_444);
    }

    @Test
    void linesWrittenTogetherQueueOnTheUartAndPartsJoin() {
        LinkConfig link = new LinkConfig(LinkKind.UART, 115200, 1, 0);
        Downlink downlink = new Downlink(link);
        List<Read> reads = new ArrayList<>();
        feed(downlink, "?ping,1\n?ping,22\r\n?bl", 10 * MS, reads);
        feed(downlink, "ink,3,100\n", 50 * MS + 1, reads);
        assertThat(reads).containsExactly(
                new Read("?ping,1", 10 * MS + link.uartNanos(8)),
                new Read("?ping,22", 10 * MS + link.uartNanos(18)), // the \r is dropped, its time is not
                new Read("?blink,3,100", 51 * MS + link.uartNanos(10)));
    }

    @Test
    void aUsbBoardReadsALineWhenTheSimulatorDoesAndOverlongLinesAreDropped() {
        Downlink usb = new Downlink(new LinkConfig(LinkKind.USB, 115200, 0, 0));
        List<Read> reads = new ArrayList<>();
        feed(usb, "x".repeat(200) + "\n?ping,9\n", 3 * MS + 17, reads);
        assertThat(reads).containsExactly(new Read("?ping,9", 3 * MS + 17));
        feed(usb, "x".repeat(119) + "\n", 4 * MS, reads); // 120 bytes with the newline: still a line
        assertThat(reads).hasSize(2);
    }
}
