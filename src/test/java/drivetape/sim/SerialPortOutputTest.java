package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SerialPortOutputTest {

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
            try (OutputStream out = SerialPortOutput.open(pty.controllerSide().toString(), 115200)) {
                out.write(data, 0, 1000);
                out.write(data, 1000, data.length - 1000);
                out.flush();
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(data);
        }
    }

    @Test
    void aSecondWriterIsToldThePortIsBusy(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir);
             OutputStream first = SerialPortOutput.open(pty.controllerSide().toString(), 115200)) {
            assertThatThrownBy(() -> SerialPortOutput.open(pty.controllerSide().toString(), 115200))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("busy")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            first.write('x');
        }
    }

    @Test
    void closeEndsARunStuckOnAPtyNobodyReads(@TempDir Path dir) throws Exception {
        try (PtyPair pty = PtyPair.start(dir)) {
            OutputStream out = SerialPortOutput.open(pty.controllerSide().toString(), 115200);
            ControllerRunner runner = ControllerRunner.start(
                    new ControllerSchedule(SimConfig.defaults().withRateHz(1000)), out, ControllerRunner.UNTIL_CLOSED);
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
        assertThatThrownBy(() -> SerialPortOutput.open(dir.resolve("ttyUSB7").toString(), 115200))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }
}
