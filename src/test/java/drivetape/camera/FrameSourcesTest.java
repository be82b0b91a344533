package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourcesTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownSourceNamesTheAcceptedForms() {
        assertThatThrownBy(() -> FrameSources.open("webcam", 640, 360, 30))
                .isInstanceOf(CameraException.class)
                .hasMessage("unknown camera source 'webcam': use /dev/videoN for a V4L2 camera,"
                        + " the path of a video file to replay, an http:// or rtsp:// URL of an IP camera's MJPEG stream,"
                        + " or 'test' for the synthetic test pattern");
        assertThatThrownBy(() -> FrameSources.open("", 640, 360, 30))
                .hasMessageStartingWith("unknown camera source ''");
    }

    @Test
    void streamUrlsAreHttpHttpsAndRtspInAnyCase() {
        assertThat(FrameSources.isStreamUrl("http://192.168.4.1:81/stream")).isTrue();
        assertThat(FrameSources.isStreamUrl("HTTPS://cam.local/mjpeg")).isTrue();
        assertThat(FrameSources.isStreamUrl("rtsp://10.0.0.9:554/live")).isTrue();
        assertThat(FrameSources.isStreamUrl("/dev/video0")).isFalse();
        assertThat(FrameSources.isStreamUrl("http.mkv")).isFalse();
        assertThat(FrameSources.isStreamUrl("ftp://host/x")).isFalse();
        assertThat(FrameSources.isStreamUrl(null)).isFalse();
    }

    @Test
    void aPasswordInAStreamUrlIsNeitherShownNorStored() {
        assertThat(FrameSources.withoutPassword("http://admin:s3cret@192.168.1.5/video"))
                .isEqualTo("http://admin:***@192.168.1.5/video");
        assertThat(FrameSources.withoutPassword("rtsp://u:p@w@cam:554/x")).isEqualTo("rtsp://u:***@cam:554/x");
        assertThat(FrameSources.withoutPassword("http://user@cam:81/stream")).isEqualTo("http://user@cam:81/stream");
        assertThat(FrameSources.withoutPassword("http://cam:81/a@b")).isEqualTo("http://cam:81/a@b");
        assertThat(FrameSources.withoutPassword("/dev/video0")).isEqualTo("/dev/video0");
    }

    @Test
    void aMissingCameraSaysWhereToLook() throws Exception {
        assertThat(openError("/dev/video99"))
                .isEqualTo("camera /dev/video99 not found: check `ls /dev/video*` and the cable");
    }

    @Test
    void aDeviceThatIsNotACameraIsNamedAsSuch() throws Exception {
        assertThat(openError("/dev/null")).startsWith("/dev/null is not a video capture device: pick another one");
    }

    @Test
    void aMissingFileSaysSo() throws Exception {
        Path missing = dir.resolve("missing.mkv");
        assertThat(openError(missing.toString())).isEqualTo("video file " + missing + " not found: check the path");
    }

    @Test
    void aTextFileIsNotAVideo() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "steering trim: +3\nthrottle limit: 40%\n");
        assertThat(openError(notes.toString()))
                .startsWith(notes + " is not a readable video file (")
                .endsWith("): give a video file FFmpeg can play (.mkv, .avi, .mp4, ...)");
    }

    @Test
    void aDirectoryIsNeitherFileNorDevice() throws Exception {
        assertThat(openError(dir.toString()))
                .isEqualTo(dir + " is a directory, not a video file: give the path of a video file");
    }

    @Test
    void sizeAndRateMustBePositive() {
        assertThatThrownBy(() -> FrameSources.open("test", 0, 360, 30))
                .isInstanceOf(CameraException.class).hasMessageContaining("camera size 0x360 is not valid");
        assertThatThrownBy(() -> FrameSources.open("test", 640, 360, 0))
                .isInstanceOf(CameraException.class).hasMessageContaining("camera frame rate 0.0 is not valid");
    }

    /** Opens the source and returns the error message, checking it is one line. */
    private static String openError(String source) throws Exception {
        FrameSource frames = FrameSources.open(source, 640, 360, 30);
        try {
            CameraException error = org.junit.jupiter.api.Assertions.assertThrows(CameraException.class, frames::open);
            assertThat(error.getMessage()).doesNotContain("\n");
            return error.getMessage();
        } finally {
            frames.close();
        }
    }
}
