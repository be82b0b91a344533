package drivetape.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceScannerTest {
    private static final String UNO_BY_ID = "usb-Arduino__www.arduino.cc__0043_7583033303835161A0E1-if00";

    @TempDir
    Path dir;

    private FakeDeviceTree tree;
    private final Set<Path> denied = new HashSet<>();
    private final List<Path> queried = new ArrayList<>();
    private CameraQuery cameraQuery = device -> {
        queried.add(device);
        return CameraDetails.unavailable("no fake answer");
    };

    @BeforeEach
    void tree() {
        tree = new FakeDeviceTree(dir);
    }

    private DeviceScan scan() {
        return new DeviceScanner(dir, device -> !denied.contains(device), device -> cameraQuery.query(device)).scan();
    }

    @Test
    void unoOnTtyAcm0WithItsByIdName() {
        Path uno = tree.usbDevice("2341", "0043", "Arduino (www.arduino.cc)", "Arduino Uno", "7583033303835161A0E1");
        tree.acmPort("ttyACM0", uno).byId(UNO_BY_ID, "ttyACM0");

        DeviceScan scan = scan();

        assertThat(scan.serialPorts()).hasSize(1);
        SerialPortInfo port = scan.serialPorts().get(0);
        assertThat(port.path()).isEqualTo("/dev/ttyACM0");
        assertThat(port.byId()).containsExactly("/dev/serial/by-id/" + UNO_BY_ID);
        assertThat(port.usb()).isEqualTo(new UsbDevice("2341", "0043", "Arduino (www.arduino.cc)", "Arduino Uno",
                "7583033303835161A0E1"));
        assertThat(port.driver()).isEqualTo("cdc_acm");
        assertThat(port.kind()).isEqualTo(new BoardKind("Arduino Uno R3 (16U2 USB-serial)", "uart"));
        assertThat(port.access().mayOpen()).isTrue();
        assertThat(port.access().fix()).isNull();
        assertThat(port.latencyTimer()).isNull();
        assertThat(port.bestName()).isEqualTo("/dev/serial/by-id/" + UNO_BY_ID);

        String text = DevicesText.render(scan);
        assertThat(text).startsWith(String.join("\n",
                "Serial ports (for --serial; a by-id name stays the same when re-plugged):",
                "  /dev/ttyACM0  Arduino Uno R3 (16U2 USB-serial), link=uart",
                "                usb      2341:0043, Arduino (www.arduino.cc) Arduino Uno, serial 7583033303835161A0E1,"
                        + " driver cdc_acm",
                "                by-id    /dev/serial/by-id/" + UNO_BY_ID,
                "                access   ok",
                "",
                "Cameras (for --camera):",
                "  none found"));
        assertThat(text).doesNotContain("latency", "WARN");
    }

    @Test
    void ch340OnTtyUsb0() {
        Path ch340 = tree.usbDevice("1a86", "7523", null, "USB Serial", null);
        tree.usbSerialPort("ttyUSB0", ch340, "ch341-uart");

        SerialPortInfo port = scan().serialPorts().get(0);

        assertThat(port.path()).isEqualTo("/dev/ttyUSB0");
        assertThat(port.byId()).isEmpty();
        assertThat(port.usb().id()).isEqualTo("1a86:7523");
        assertThat(port.driver()).isEqualTo("ch341-uart");
        assertThat(port.kind().description()).contains("CH340");
        assertThat(port.kind().link()).isEqualTo("uart");
        assertThat(port.latencyTimer()).isNull();
        assertThat(DevicesText.render(scan())).contains("/dev/ttyUSB0  CH340/CH341 USB-serial")
                .contains("\n                usb      1a86:7523, USB Serial, driver ch341-uart\n");
    }

    @Test
    void ftdiAtTheDefault16MsIsWarnedAboutWithTheFix() {
        Path ftdi = tree.usbDevice("0403", "6001", "FTDI", "FT232R USB UART", "A50285BI");
        tree.usbSerialPort("ttyUSB0", ftdi, "ftdi_sio").latencyTimer("ttyUSB0", 16);

        DeviceScan scan = scan();

        SerialPortInfo port = scan.serialPorts().get(0);
        assertThat(port.kind().description()).isEqualTo("FTDI FT232R USB-serial");
        assertThat(port.latencyTimer())
                .isEqualTo(new LatencyTimer("/sys/bus/usb-serial/devices/ttyUSB0/latency_timer", 16));
        assertThat(port.latencyTimer().isTooHigh()).isTrue();
        String text = DevicesText.render(scan);
        assertThat(text).contains(String.join("\n",
                "                access   ok",
                "                latency  16 ms (latency_timer)",
                "                WARN     the latency timer adds up to 16 ms of delivery jitter to every line"
                        + " (16 ms is the default; 1 ms is best).",
                "                         Set it to 1 ms now:  "
                        + "echo 1 | sudo tee /sys/bus/usb-serial/devices/ttyUSB0/latency_timer",
                "                         and at every plug-in, with this line in"
                        + " /etc/udev/rules.d/99-ftdi-latency.rules:",
                "                           ACTION==\"add\", SUBSYSTEM==\"usb-serial\", DRIVER==\"ftdi_sio\","
                        + " ATTR{latency_timer}=\"1\"",
                ""));
    }

    @Test
    void ftdiAt1MsIsShownWithoutWarning() {
        Path ftdi = tree.usbDevice("0403", "6014", "FTDI", "FT232H", null);
        tree.usbSerialPort("ttyUSB0", ftdi, "ftdi_sio").latencyTimer("ttyUSB0", 1);

        DeviceScan scan = scan();

        assertThat(scan.serialPorts().get(0).latencyTimer().ms()).isEqualTo(1);
        assertThat(scan.serialPorts().get(0).latencyTimer().isTooHigh()).isFalse();
        assertThat(DevicesText.render(scan)).contains("\n                latency  1 ms (latency_timer)\n")
                .doesNotContain("WARN", "sudo tee");
    }

    @Test
    void aPortWithoutPermissionSaysHowToGetIt() {
        Path cp210x = tree.usbDevice("10c4", "ea60", "Silicon Labs", "CP2102 USB to UART Bridge Controller", "0001");
        tree.usbSerialPort("ttyUSB0", cp210x, "cp210x");
        Path uno = tree.usbDevice("2341", "0043", null, null, null);
        tree.acmPort("ttyACM0", uno);
        denied.add(tree.dev("ttyUSB0"));

        DeviceScan scan = scan();

        assertThat(scan.serialPorts()).extracting(SerialPortInfo::path).containsExactly("/dev/ttyACM0", "/dev/ttyUSB0");
        Access access = scan.serialPorts().get(1).access();
        assertThat(access.mayOpen()).isFalse();
        // The fake file belongs to root, so the fix names the usual serial group.
        assertThat(access.fix()).isEqualTo("sudo usermod -aG dialout $USER, then log out and in again (or reboot)");
        assertThat(access.permissions()).matches("[rwx-]{9}");
        assertThat(scan.serialPorts().get(0).access().mayOpen()).isTrue();
        String text = DevicesText.render(scan);
        assertThat(text).contains("\n                access   NO PERMISSION (" + access.permissions() + " "
                + access.owner() + ":"
                + access.group() + "): sudo usermod -aG dialout $USER, then log out and in again");
        assertThat(text).contains("Silicon Labs CP210x USB-serial, link=uart");
    }

    @Test
    void portsAreInNumericOrderAndNativeUsbBoardsSayLinkUsb() {
        Path leonardo = tree.usbDevice("2341", "8036", "Arduino LLC", "Arduino Leonardo", null);
        Path pico = tree.usbDevice("2e8a", "000a", "Raspberry Pi", "Pico", null);
        tree.acmPort("ttyACM10", leonardo).acmPort("ttyACM2", pico);

        List<SerialPortInfo> ports = scan().serialPorts();

        assertThat(ports).extracting(SerialPortInfo::path).containsExactly("/dev/ttyACM2", "/dev/ttyACM10");
        assertThat(ports.get(1).kind()).isEqualTo(new BoardKind("Arduino Leonardo (native USB)", "usb"));
        assertThat(ports.get(0).kind().link()).isEqualTo("usb");
        assertThat(ports.get(0).kind().description()).startsWith("native USB board");
    }

    @Test
    void cameraWithMjpegSizesAndRates() {
        Path c920 = tree.usbDevice("046d", "082d", null, "HD Pro Webcam C920", "ABCD1234");
        tree.camera("video0", "HD Pro Webcam C920", c920, 0).camera("video1", "HD Pro Webcam C920", c920, 0);
        cameraQuery = device -> {
            queried.add(device);
            if (device.endsWith("video1")) {
                return new CameraDetails(false, List.of("Metadata Capture", "Streaming"), List.of(), null);
            }
            return new CameraDetails(true, List.of("Video Capture", "Streaming"), List.of(
                    new PixelFormat("MJPG", "Motion-JPEG, compressed", List.of(
                            new FrameSize("1920x1080", true, List.of(30.0, 24.0, 15.0), null),
                            new FrameSize("640x480", true, List.of(30.0, 15.0, 7.5), null))),
                    new PixelFormat("YUYV", "YUYV 4:2:2", List.of(
                            new FrameSize("640x480", true, List.of(30.0), null)))), null);
        };

        DeviceScan scan = scan();

        assertThat(queried).containsExactly(tree.dev("video0"), tree.dev("video1"));
        CameraInfo camera = scan.cameras().get(0);
        assertThat(camera.path()).isEqualTo("/dev/video0");
        assertThat(camera.name()).isEqualTo("HD Pro Webcam C920");
        assertThat(camera.driver()).isEqualTo("uvcvideo");
        assertThat(camera.usb().id()).isEqualTo("046d:082d");
        assertThat(camera.details().capture()).isTrue();
        assertThat(camera.details().formats().get(0).isMjpeg()).isTrue();
        assertThat(camera.details().formats().get(0).sizes().get(1).fps()).containsExactly(30.0, 15.0, 7.5);
        assertThat(scan.cameras().get(1).details().capture()).isFalse();

        String text = DevicesText.render(scan);
        assertThat(text.substring(text.indexOf("Cameras"))).isEqualTo(String.join("\n",
                "Cameras (for --camera):",
                "  /dev/video0  HD Pro Webcam C920, capture node",
                "               usb      046d:082d, HD Pro Webcam C920, serial ABCD1234, driver uvcvideo",
                "               access   ok",
                "               MJPEG    1920x1080  30, 24, 15 fps",
                "                        640x480    30, 15, 7.5 fps",
                "               other    YUYV (YUYV 4:2:2): raw, drivetape encodes these to JPEG itself",
                "  /dev/video1  HD Pro Webcam C920, not a capture node (Metadata Capture): not for --camera",
                "               usb      046d:082d, HD Pro Webcam C920, serial ABCD1234, driver uvcvideo",
                "               access   ok",
                ""));
    }

    @Test
    void withBothAPortAndACameraTheExampleUsesTheStableNames() {
        Path uno = tree.usbDevice("2341", "0043", null, null, null);
        tree.acmPort("ttyACM0", uno).byId(UNO_BY_ID, "ttyACM0");
        Path cam = tree.usbDevice("0c45", "6366", null, "USB Camera", null);
        tree.camera("video0", "USB Camera", cam, 0);
        cameraQuery = device -> new CameraDetails(true, List.of("Video Capture"), List.of(), null);

        String text = DevicesText.render(scan());

        assertThat(text).contains("./drivetape record --serial /dev/serial/by-id/" + UNO_BY_ID
                + " --camera /dev/video0 --out episodes\n");
        assertThat(text).contains("MJPEG    none: drivetape encodes the raw frames to JPEG itself");
        // The longest path sets the column for ports and cameras alike.
        assertThat(text).contains("  /dev/ttyACM0  Arduino Uno").contains("  /dev/video0   USB Camera");
    }

    @Test
    void aCameraWithoutPermissionIsNotQueriedAndSaysWhy() {
        Path cam = tree.usbDevice("0c45", "6366", null, "USB Camera", null);
        tree.camera("video0", "USB Camera", cam, 0);
        denied.add(tree.dev("video0"));

        CameraInfo camera = scan().cameras().get(0);

        assertThat(queried).isEmpty();
        assertThat(camera.access().fix()).startsWith("sudo usermod -aG video $USER");
        assertThat(camera.details().capture()).isNull();
        assertThat(DevicesText.render(scan())).contains("capture node? (unknown)")
                .contains("formats  unknown: not queried: no permission to open it");
    }

    @Test
    void withoutV4l2CtlTheFormatsAreUnknownAndTheTextSaysWhatToInstall() {
        Path cam = tree.usbDevice("0c45", "6366", null, "USB Camera", null);
        tree.camera("video0", "USB Camera", cam, 0);
        cameraQuery = new V4l2CtlQuery(null);

        DeviceScan scan = scan();

        assertThat(scan.cameras().get(0).details().problem()).contains("sudo apt-get install v4l-utils");
        assertThat(DevicesText.render(scan)).contains("formats  unknown: v4l2-ctl not found: install v4l-utils");
    }

    @Test
    void nothingAttached() {
        DeviceScan scan = scan();

        assertThat(scan.serialPorts()).isEmpty();
        assertThat(scan.cameras()).isEmpty();
        assertThat(scan.nothingAttached()).isTrue();
        String text = DevicesText.render(scan);
        assertThat(text).contains("Serial ports (for --serial; a by-id name stays the same when re-plugged):\n"
                        + "  none found: no /dev/ttyACM* or /dev/ttyUSB*.\n")
                .contains("Plug the Arduino in with a USB data cable")
                .contains("Cameras (for --camera):\n  none found: no /dev/video*.\n")
                .contains("--camera test")
                .endsWith("Nothing attached.\n");
    }

    @Test
    void aRootWithoutDevOrSysIsNothingAttached() {
        DeviceScan scan = new DeviceScanner(dir.resolve("missing"), device -> true, cameraQuery).scan();

        assertThat(scan.nothingAttached()).isTrue();
    }

    @Test
    void otherTtysAndVideoLookalikesAreLeftOut() {
        tree.acmPort("ttyACM0", tree.usbDevice("2341", "0043", null, null, null));
        for (String other : List.of("ttyS0", "tty1", "ttyACM", "video", "video0p", "ttyUSB0.lock")) {
            tree.devFile(other);
        }

        DeviceScan scan = scan();

        assertThat(scan.serialPorts()).extracting(SerialPortInfo::path).containsExactly("/dev/ttyACM0");
        assertThat(scan.cameras()).isEmpty();
    }

    @Test
    void jsonHasTheSameDataInSnakeCase() throws Exception {
        Path ftdi = tree.usbDevice("0403", "6015", "FTDI", "FT231X USB UART", "DN0123");
        tree.usbSerialPort("ttyUSB0", ftdi, "ftdi_sio").latencyTimer("ttyUSB0", 16).byId("usb-FTDI-if00-port0",
                "ttyUSB0");
        denied.add(tree.dev("ttyUSB0"));

        JsonNode json = new ObjectMapper().readTree(DevicesJson.render(scan()));

        JsonNode port = json.get("serial_ports").get(0);
        assertThat(port.get("path").asText()).isEqualTo("/dev/ttyUSB0");
        assertThat(port.get("by_id").get(0).asText()).isEqualTo("/dev/serial/by-id/usb-FTDI-if00-port0");
        assertThat(port.get("usb").get("vendor_id").asText()).isEqualTo("0403");
        assertThat(port.get("usb").get("product_id").asText()).isEqualTo("6015");
        assertThat(port.get("kind").get("link").asText()).isEqualTo("uart");
        assertThat(port.get("access").get("may_open").asBoolean()).isFalse();
        assertThat(port.get("access").get("fix").asText()).contains("usermod -aG dialout");
        assertThat(port.get("latency_timer").get("ms").asInt()).isEqualTo(16);
        assertThat(port.get("latency_timer").get("too_high").asBoolean()).isTrue();
        assertThat(json.get("cameras").isArray()).isTrue();
    }
}
