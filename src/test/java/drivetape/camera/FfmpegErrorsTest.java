package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;

/** The camera errors that need a real device to happen, mapped from FFmpeg's codes. */
class FfmpegErrorsTest {

    @Test
    void readsFfmpegsCodeFromJavaCvsMessage() {
        Exception e = new FFmpegFrameGrabber.Exception(
                "avformat_open_input() error -16: Could not open input \"/dev/video0\". (Has setFormat() been called?)");
        assertThat(FfmpegErrors.errorCode(e)).isEqualTo(-16);
        assertThat(FfmpegErrors.errorCode(new RuntimeException("no code here"))).isZero();
    }

    @Test
    void aBusyCameraNamesTheOtherProgram() {
        assertThat(deviceMessage(-FfmpegErrors.EBUSY))
                .isEqualTo("camera /dev/video0 is busy: another program is using it; close it and try again");
    }

    @Test
    void aCameraWithoutPermissionPointsAtTheVideoGroup() {
        assertThat(deviceMessage(-FfmpegErrors.EACCES)).startsWith("no permission to open camera /dev/video0:"
                + " add yourself to the video group");
        assertThat(deviceMessage(-FfmpegErrors.EPERM)).isEqualTo(deviceMessage(-FfmpegErrors.EACCES));
    }

    @Test
    void aCameraWithoutAUsableFormatPointsAtItsFormatList() {
        assertThat(deviceMessage(-FfmpegErrors.EINVAL)).isEqualTo("camera /dev/video0 offers no format drivetape"
                + " can read at 640x360: check `v4l2-ctl -d /dev/video0 --list-formats-ext` and pick a listed size");
    }

    @Test
    void anUnpluggedCameraSaysCheckTheCable() {
        assertThat(deviceMessage(-FfmpegErrors.ENXIO)).contains("not responding (unplugged?): check the cable");
    }

    @Test
    void anUnexpectedCodeIsDescribedByFfmpeg() {
        assertThat(deviceMessage(-12)).startsWith("cannot open camera /dev/video0 (").doesNotContain("\n");
    }

    @Test
    void aMissingSystemLibraryIsNamedWithItsPackage() {
        Throwable e = new UnsatisfiedLinkError("/root/.javacpp/cache/x/libjniavdevice.so: libpulse.so.0:"
                + " cannot open shared object file: No such file or directory");
        assertThat(FfmpegErrors.loadFailure(new RuntimeException("wrapped", e)).getMessage())
                .isEqualTo("FFmpeg's camera support needs the system library libpulse.so.0:"
                        + " install it (sudo apt install libpulse0) and try again");
        Throwable arm = new UnsatisfiedLinkError("/root/.javacpp/cache/y/libjniavutil.so:"
                + " /lib/aarch64-linux-gnu/libva.so.2: file too short");
        assertThat(FfmpegErrors.loadFailure(arm).getMessage()).contains("libva.so.2").contains("apt install libva2");
    }

    private static String deviceMessage(int code) {
        Exception cause = new FFmpegFrameGrabber.Exception("avformat_open_input() error " + code + ": ...");
        return FfmpegErrors.deviceOpenFailure("/dev/video0", code, 640, 360, cause).getMessage();
    }
}
