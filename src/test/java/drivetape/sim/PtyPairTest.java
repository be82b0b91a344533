package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class PtyPairTest {

    @BeforeEach
    void needsSocat() {
        assumeTrue(PtyPair.socatAvailable(), "socat is not installed");
    }

    @Test
    void bytesWrittenToTheControllerSideArriveOnTheHostSide(@TempDir Path dir) throws Exception {
        byte[] data = new byte[20_000];
        new Random(3).nextBytes(data); // raw mode: every byte value, '\r' and '\n' included, passes unchanged
        try (PtyPair pty = PtyPair.start(dir)) {
            assertThat(pty.controllerSide()).isEqualTo(dir.resolve("controller").toAbsolutePath());
            assertThat(pty.hostSide()).isEqualTo(dir.resolve("host").toAbsolutePath());
            try (FileInputStream host = new FileInputStream(pty.hostSide().toFile())) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readExactly(host, data.length));
                try (FileOutputStream controller = new FileOutputStream(pty.controllerSide().toFile())) {
                    for (int offset = 0; offset < data.length; offset += 1000) {
                        controller.write(data, offset, 1000);
                    }
                }
                assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(data);
            }
            assertThat(pty.isAlive()).isTrue();
        }
        assertThat(Files.exists(dir.resolve("controller"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dir.resolve("host"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void refusesADirectoryWhereLinksAlreadyExist(@TempDir Path dir) throws Exception {
        try (PtyPair first = PtyPair.start(dir)) {
            assertThatThrownBy(() -> PtyPair.start(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already exists");
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void reportsSocatFailingInOneLine(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        assertThatThrownBy(() -> PtyPair.start(notADirectory.resolve("sub")))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Plain read() calls: FileInputStream.readNBytes seeks, which a tty refuses. */
    static byte[] readExactly(FileInputStream in, int length) {
        byte[] bytes = new byte[length];
        int total = 0;
        try {
            while (total < length) {
                int n = in.read(bytes, total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return Arrays.copyOf(bytes, total);
    }
}
