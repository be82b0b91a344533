package drivetape.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialPortLinkTest {
    @TempDir
    Path dir;

    @Test
    void missingPathSaysSoAndHowToListPorts() {
        String path = dir.resolve("ttyACM9").toString();
        assertThatThrownBy(() -> SerialPortLink.open(path, 115200))
                .isInstanceOf(SerialException.class)
                .hasMessage("serial port " + path + " does not exist: is the controller plugged in? "
                        + "list the ports with 'ls /dev/ttyACM* /dev/ttyUSB*'");
    }

    @Test
    void regularFileDirectoryAndNonTtyDeviceAreNotSerialPorts() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
        for (String path : new String[] {file.toString(), dir.toString(), "/dev/null"}) {
            assertThatThrownBy(() -> SerialPortLink.open(path, 115200))
                    .isInstanceOf(SerialException.class)
                    .hasMessageStartingWith(path + " is not a serial port: ");
        }
    }

    @Test
    void permissionProblemPointsToTheDialoutGroup() {
        // Tests run as root in CI, where open(2) cannot fail this way; errno 13 was seen by running as nobody.
        assertThat(SerialPorts.openFailure("/dev/ttyACM0", 13, true)).isEqualTo(
                "no permission to open serial port /dev/ttyACM0: add yourself to the dialout group "
                        + "(sudo usermod -aG dialout $USER), then log out and in again");
        assertThat(SerialPorts.openFailure("/dev/ttyACM0", 2, false)).contains("does not exist");
        assertThat(SerialPorts.openFailure("/dev/ttyACM0", 2, true)).contains("is busy");
        assertThat(SerialPorts.openFailure("/dev/ttyACM0", 25, true)).contains("is not a serial port");
        assertThat(SerialPorts.openFailure("/dev/ttyACM0", 99, true)).contains("error 99");
    }

    @Test
    void readsWhatTheOtherEndWrites() throws Exception {
        try (SocatPty pty = SocatPty.start(dir);
             SerialPortLink link = SerialPortLink.open(pty.b.toString(), 115200);
             FileOutputStream out = new FileOutputStream(pty.a.toFile())) {
            assertThat(link.describe()).isEqualTo(pty.b.toString());
            byte[] sent = "$1,2,3*00\n\u00ff\u0000\r\n".getBytes(StandardCharsets.ISO_8859_1);
            out.write(sent);
            out.flush();
            byte[] buf = new byte[64];
            int got = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got < sent.length && System.nanoTime() < deadline) {
                int n = link.read(buf, got, buf.length - got);
                assertThat(n).isNotNegative();
                got += n;
            }
            assertThat(java.util.Arrays.copyOf(buf, got)).isEqualTo(sent);
        }
    }

    @Test
    void aQuietPortTimesOutWithZeroInsteadOfBlocking() throws Exception {
        try (SocatPty pty = SocatPty.start(dir);
             SerialPortLink link = SerialPortLink.open(pty.b.toString(), 115200)) {
            long start = System.nanoTime();
            assertThat(link.read(new byte[16], 0, 16)).isZero();
            // Only a lower bound: it did wait rather than spin.
            assertThat(System.nanoTime() - start).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void secondOpenInThisProgramIsBusy() throws Exception {
        try (SocatPty pty = SocatPty.start(dir);
             SerialPortLink first = SerialPortLink.open(pty.b.toString(), 115200)) {
            assertThat(first.describe()).isEqualTo(pty.b.toString());
            assertThatThrownBy(() -> SerialPortLink.open(pty.b.toString(), 115200))
                    .isInstanceOf(SerialException.class)
                    .hasMessage("serial port " + pty.b + " is busy: another program (a serial monitor, another"
                            + " drivetape, ModemManager) has it open; close it and try again");
        }
    }

    @Test
    void portLockedByAnotherProcessIsBusy() throws Exception {
        try (SocatPty pty = SocatPty.start(dir)) {
            // flock(1) takes the same exclusive lock jSerialComm takes, as another drivetape would.
            Process holder = new ProcessBuilder("flock", pty.b.toString(), "-c", "echo locked; sleep 30")
                    .redirectErrorStream(true).start();
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(lines.readLine()).isEqualTo("locked");
                assertThatThrownBy(() -> SerialPortLink.open(pty.b.toString(), 115200))
                        .isInstanceOf(SerialException.class)
                        .hasMessageContaining(" is busy: ");
            } finally {
                holder.descendants().forEach(ProcessHandle::destroy);
                holder.destroy();
                holder.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void closingTwiceIsHarmlessAndTheLockIsReleased() throws Exception {
        try (SocatPty pty = SocatPty.start(dir)) {
            SerialPortLink first = SerialPortLink.open(pty.b.toString(), 115200);
            first.close();
            first.close();
            assertThat(first.read(new byte[4], 0, 4)).isEqualTo(-1);
            SerialPortLink.open(pty.b.toString(), 115200).close();
        }
    }

    @Test
    void readEndsWithMinusOneWhenTheDeviceGoesAway() throws Exception {
        SocatPty pty = SocatPty.start(dir);
        try (SerialPortLink link = SerialPortLink.open(pty.b.toString(), 115200)) {
            pty.kill();
            byte[] buf = new byte[16];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int n = 0;
            while (n >= 0 && System.nanoTime() < deadline) {
                n = link.read(buf, 0, buf.length);
            }
            assertThat(n).isEqualTo(-1);
            assertThat(link.read(buf, 0, buf.length)).as("and it stays gone").isEqualTo(-1);
        } finally {
            pty.close();
        }
    }
}
