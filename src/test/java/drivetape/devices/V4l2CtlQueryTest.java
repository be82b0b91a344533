package drivetape.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a stand-in v4l2-ctl (a shell script), so the test needs no v4l-utils and no camera. */
class V4l2CtlQueryTest {

    @TempDir
    Path dir;

    private Path fakeV4l2Ctl(String body) throws IOException {
        Path script = dir.resolve("v4l2-ctl");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void parsesWhatV4l2CtlPrintsForTheDevice() throws IOException {
        Path output = dir.resolve("output.txt");
        Files.writeString(output, V4l2CtlOutputTest.UVC_CAPTURE, StandardCharsets.UTF_8);
        Path args = dir.resolve("args.txt");
        Path script = fakeV4l2Ctl("echo \"$@\" > '" + args + "'\ncat '" + output + "'");

        CameraDetails d = new V4l2CtlQuery(script).query(Path.of("/dev/video3"));

        assertThat(Files.readString(args).strip()).isEqualTo("-d /dev/video3 --info --list-formats-ext");
        assertThat(d.problem()).isNull();
        assertThat(d.capture()).isTrue();
        assertThat(d.formats()).extracting(PixelFormat::fourcc).containsExactly("YUYV", "MJPG");
    }

    @Test
    void aFailureIsReportedWithV4l2CtlsOwnWords() throws IOException {
        Path script = fakeV4l2Ctl("echo 'Cannot open device /dev/video3, exiting.' >&2\nexit 1");

        CameraDetails d = new V4l2CtlQuery(script).query(Path.of("/dev/video3"));

        assertThat(d.problem()).isEqualTo("v4l2-ctl: Cannot open device /dev/video3, exiting.");
        assertThat(d.capture()).isNull();
        assertThat(d.formats()).isEmpty();
    }

    @Test
    void withoutV4l2CtlItSaysWhatToInstall() {
        CameraDetails d = new V4l2CtlQuery(null).query(Path.of("/dev/video0"));

        assertThat(d.problem()).isEqualTo("v4l2-ctl not found: install v4l-utils to list formats"
                + " (sudo apt-get install v4l-utils)");
    }
}
