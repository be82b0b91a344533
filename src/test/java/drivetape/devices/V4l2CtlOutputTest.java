package drivetape.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Output laid out as v4l2-ctl's printf formats lay it out (v4l-utils 1.2x, and the pre-1.14 format list). */
class V4l2CtlOutputTest {

    static final String UVC_CAPTURE = String.join("\n",
            "Driver Info:",
            "\tDriver name      : uvcvideo",
            "\tCard type        : HD Pro Webcam C920",
            "\tBus info         : usb-0000:00:14.0-2",
            "\tDriver version   : 6.1.55",
            "\tCapabilities     : 0x84a00001",
            "\t\tVideo Capture",
            "\t\tMetadata Capture",
            "\t\tStreaming",
            "\t\tExtended Pix Format",
            "\t\tDevice Capabilities",
            "\tDevice Caps      : 0x04200001",
            "\t\tVideo Capture",
            "\t\tStreaming",
            "\t\tExtended Pix Format",
            "Media Driver Info:",
            "\tDriver name      : uvcvideo",
            "\tModel            : HD Pro Webcam C920",
            "ioctl: VIDIOC_ENUM_FMT",
            "\tType: Video Capture",
            "",
            "\t[0]: 'YUYV' (YUYV 4:2:2)",
            "\t\tSize: Discrete 640x480",
            "\t\t\tInterval: Discrete 0.033s (30.000 fps)",
            "\t\t\tInterval: Discrete 0.067s (15.000 fps)",
            "\t[1]: 'MJPG' (Motion-JPEG, compressed)",
            "\t\tSize: Discrete 1920x1080",
            "\t\t\tInterval: Discrete 0.033s (30.000 fps)",
            "\t\t\tInterval: Discrete 0.042s (24.000 fps)",
            "\t\t\tInterval: Discrete 0.133s (7.500 fps)",
            "\t\tSize: Discrete 1280x720",
            "\t\t\tInterval: Discrete 0.017s (60.000 fps)",
            "\t\t\tInterval: Discrete 0.033s (29.970 fps)",
            "");

    @Test
    void uvcCaptureNodeWithMjpegSizesAndRates() {
        CameraDetails d = V4l2CtlOutput.parse(UVC_CAPTURE);

        assertThat(d.problem()).isNull();
        assertThat(d.capture()).isTrue();
        // The node's own caps, not the driver's (which include Metadata Capture for the other node).
        assertThat(d.deviceCaps()).containsExactly("Video Capture", "Streaming", "Extended Pix Format");
        assertThat(d.formats()).extracting(PixelFormat::fourcc).containsExactly("YUYV", "MJPG");
        PixelFormat mjpeg = d.formats().get(1);
        assertThat(mjpeg.description()).isEqualTo("Motion-JPEG, compressed");
        assertThat(mjpeg.isMjpeg()).isTrue();
        assertThat(mjpeg.sizes()).containsExactly(
                new FrameSize("1920x1080", true, List.of(30.0, 24.0, 7.5), null),
                new FrameSize("1280x720", true, List.of(60.0, 29.97), null));
        assertThat(d.formats().get(0).sizes())
                .containsExactly(new FrameSize("640x480", true, List.of(30.0, 15.0), null));
    }

    @Test
    void uvcMetadataNodeIsNotACaptureNode() {
        CameraDetails d = V4l2CtlOutput.parse(String.join("\n",
                "Driver Info:",
                "\tDriver name      : uvcvideo",
                "\tCapabilities     : 0x84a00001",
                "\t\tVideo Capture",
                "\t\tMetadata Capture",
                "\t\tStreaming",
                "\tDevice Caps      : 0x04a00000",
                "\t\tMetadata Capture",
                "\t\tStreaming",
                "\t\tExtended Pix Format",
                "ioctl: VIDIOC_ENUM_FMT",
                "\tType: Video Capture",
                ""));

        assertThat(d.capture()).isFalse();
        assertThat(d.deviceCaps()).containsExactly("Metadata Capture", "Streaming", "Extended Pix Format");
        assertThat(d.formats()).isEmpty();
    }

    @Test
    void memoryToMemoryCodecIsNotACaptureNode() {
        CameraDetails d = V4l2CtlOutput.parse(String.join("\n",
                "Driver Info:",
                "\tDriver name      : bcm2835-codec",
                "\tCapabilities     : 0x84204000",
                "\t\tVideo Memory-to-Memory Multiplanar",
                "\t\tStreaming",
                "\tDevice Caps      : 0x04204000",
                "\t\tVideo Memory-to-Memory Multiplanar",
                "\t\tStreaming",
                ""));

        assertThat(d.capture()).isFalse();
        assertThat(d.deviceCaps()).startsWith("Video Memory-to-Memory Multiplanar");
    }

    @Test
    void stepwiseSizesAndContinuousRates() {
        CameraDetails d = V4l2CtlOutput.parse(String.join("\n",
                "\tCapabilities     : 0x85200005",
                "\t\tVideo Capture",
                "ioctl: VIDIOC_ENUM_FMT",
                "\tType: Video Capture",
                "",
                "\t[0]: 'JPEG' (JFIF JPEG, compressed)",
                "\t\tSize: Stepwise 32x32 - 2592x1944 with step 2/2",
                "\t[1]: 'MJPG' (Motion-JPEG, compressed)",
                "\t\tSize: Discrete 640x480",
                "\t\t\tInterval: Stepwise 0.033s - 1.000s with step 0.000s (1.000-30.000 fps)",
                "\t\tSize: Continuous 16x16 - 1920x1080",
                ""));

        // Without Device Caps (old drivers) the driver's capabilities stand for the node.
        assertThat(d.capture()).isTrue();
        assertThat(d.formats().get(0).isMjpeg()).isTrue();
        assertThat(d.formats().get(0).sizes())
                .containsExactly(new FrameSize("32x32 to 2592x1944, step 2x2", false, List.of(), null));
        assertThat(d.formats().get(1).sizes()).containsExactly(
                new FrameSize("640x480", true, List.of(), "1-30"),
                new FrameSize("16x16 to 1920x1080", false, List.of(), null));
    }

    @Test
    void oldFormatListBeforeV4lUtils114() {
        CameraDetails d = V4l2CtlOutput.parse(String.join("\n",
                "\tDevice Caps      : 0x04200001",
                "\t\tVideo Capture",
                "ioctl: VIDIOC_ENUM_FMT",
                "\tIndex       : 0",
                "\tType        : Video Capture",
                "\tPixel Format: 'MJPG' (compressed)",
                "\tName        : Motion-JPEG",
                "\t\tSize: Discrete 1280x720",
                "\t\t\tInterval: Discrete 0.033s (30.000 fps)",
                ""));

        assertThat(d.formats()).containsExactly(new PixelFormat("MJPG", "Motion-JPEG",
                List.of(new FrameSize("1280x720", true, List.of(30.0), null))));
    }

    @Test
    void outputWithoutCapabilitiesIsAProblem() {
        CameraDetails d = V4l2CtlOutput.parse("something else entirely\n");

        assertThat(d.capture()).isNull();
        assertThat(d.problem()).isEqualTo("v4l2-ctl printed no capabilities");
    }
}
