package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BoardPortTest {

    @BeforeEach
    void needsSocat() {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
    }

    @Test
    void writesEveryByteValueUnchanged(@TempDir Path dir) throws Exception {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7); // '\n', '\r', 0x03 (^C), 0x11 (XON): all must pass raw
        }
        try (PtyPair pty = PtyPair.start(dir);
             FileInputStream host = new FileInputStream(pty.hostSide().toFile())) {
            CompletableFuture<byte[]> received =
                    CompletableFuture.supplyAsync(() -> PtyPairTest.readExactly(host, data.length));
            try (BoardPort port = BoardPort.open(pty.controllerSide().toString(), 115200)) {
                OutputStream out = port.output();
                out.write(data, 0, 1000);
                out.write(data, 1000, data.length - 1000);
                out.flush();
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }

    @Test
    void readsWhatTheHostWritesBlockingUntilItComesAndEndsWhenClosed(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir);
             BoardPort port = BoardPort.open(pty.controllerSide().toString(), 115200);
             FileOutputStream host = new FileOutputStream(pty.hostSide().toFile())) {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try {
                    byte[] buffer = new byte[64];
                    int total = 0;
                    while (total < 10) {
                        int n = port.input().read(buffer, total, buffer.length - total);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    }
                    return Arrays.copyOf(buffer, total);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            assertThat(read).isNotDone(); // blocked, not spinning on empty reads
            host.write("?ping,1\n\u0000\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            host.flush();
            assertThat(new String(read.get(10, TimeUnit.SECONDS), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .isEqualTo("?ping,1\n\u0000\n");

            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return port.input().read(new byte[8], 0, 8);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(200);
            port.close();
            assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        }
    }

    @Test
    void aSecondWriterIsToldThePortIsBusy(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir);
             BoardPort first = BoardPort.open(pty.controllerSide().toString(), 115200)) {
            assertThatThrownBy(() -> BoardPort.open(pty.controllerSide().toString(), 115200))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("busy")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            first.output().write('x');
        }
    }

    @Test
    void closeEndsARunStuckOnAPtyNobodyReads(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir)) {
            BoardPort port = BoardPort.open(pty.controllerSide().toString(), 115200);
            ControllerRunner runner = ControllerRunner.on(
                    new ControllerSchedule(SimConfig.builder().rateHz(1000).link(LinkKind.USB).build()), port.output())
                    .input(port.input()).start();
            long previous = -1;
            // Wait until the pty buffers are full and the writes stall.
            while (runner.sent().bytes() != previous) {
                previous = runner.sent().bytes();
                Thread.sleep(500);
            }
            assertThat(runner.isFinished()).isFalse();
            runner.close();
            assertThat(runner.isFinished()).isTrue();
            assertThat(runner.failure()).isEmpty();
            assertThat(previous).isPositive();
        }
    }

    @Test
    void aMissingPortSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> BoardPort.open(dir.resolve("ttyUSB7").toString(), 115200))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }
}
