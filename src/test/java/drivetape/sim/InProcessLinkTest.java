package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import drivetape.serial.SerialLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class InProcessLinkTest {

    @Test
    void bytesWrittenArriveInOrderThroughASmallRing() throws Exception {
        InProcessLink link = new InProcessLink(64);
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        Thread writer = new Thread(() -> {
            try (OutputStream out = link.controllerSide()) {
                Random chunks = new Random(2);
                for (int offset = 0; offset < data.length; ) {
                    int n = Math.min(data.length - offset, 1 + chunks.nextInt(200));
                    if (n == 1) {
                        out.write(data[offset]);
                    } else {
                        out.write(data, offset, n);
                    }
                    offset += n;
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "test-writer");
        writer.start();

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        SerialLink host = link.hostSide();
        byte[] buffer = new byte[37];
        int n;
        while ((n = host.read(buffer, 0, buffer.length)) != -1) {
            assertThat(n).isBetween(0, buffer.length);
            received.write(buffer, 0, n);
        }
        writer.join();
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(host.describe()).isEqualTo("in-process");
    }

    @Test
    void readWaitsForTheFirstByteThenReturnsWhatIsAvailable() throws Exception {
        InProcessLink link = new InProcessLink();
        byte[] buffer = new byte[16];

        long start = System.nanoTime();
        assertThat(link.hostSide().read(buffer, 0, buffer.length)).isZero();
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs).isGreaterThanOrEqualTo(InProcessLink.READ_WAIT_MILLIS - 5);

        link.controllerSide().write("abc".getBytes());
        assertThat(link.hostSide().read(buffer, 0, buffer.length)).isEqualTo(3);
        assertThat(new String(buffer, 0, 3)).isEqualTo("abc");

        // A byte arriving during the wait is returned as soon as it is there.
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(50);
                link.controllerSide().write('x');
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        late.start();
        assertThat(link.hostSide().read(buffer, 0, buffer.length)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 'x');
        late.join();
    }

    @Test
    void endOfStreamComesAfterTheDataIsDrained() throws Exception {
        InProcessLink link = new InProcessLink();
        link.controllerSide().write("last words\n".getBytes());
        link.controllerSide().close();
        byte[] buffer = new byte[4];
        StringBuilder text = new StringBuilder();
        int n;
        while ((n = link.hostSide().read(buffer, 0, buffer.length)) > 0) {
            text.append(new String(buffer, 0, n));
        }
        assertThat(n).isEqualTo(-1);
        assertThat(text.toString()).isEqualTo("last words\n");
        assertThat(link.hostSide().read(buffer, 0, buffer.length)).isEqualTo(-1);
        assertThatThrownBy(() -> link.controllerSide().write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void closingTheHostSideUnblocksAndFailsAWriterStuckOnAFullRing() throws Exception {
        InProcessLink link = new InProcessLink(8);
        IOException[] failure = new IOException[1];
        Thread writer = new Thread(() -> {
            try {
                link.controllerSide().write(new byte[100]);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        writer.start();
        Thread.sleep(100);
        assertThat(writer.isAlive()).as("blocked on the full ring").isTrue();
        link.hostSide().close();
        writer.join();
        assertThat(failure[0]).hasMessageContaining("host side was closed");
        assertThat(link.hostSide().read(new byte[4], 0, 4)).isEqualTo(-1);
    }
}
