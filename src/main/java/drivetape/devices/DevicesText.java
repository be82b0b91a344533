package drivetape.devices;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The plain-text listing {@code drivetape devices} prints: values to copy into --serial and --camera. */
public final class DevicesText {
    private static final String LABEL = "%-9s";

    private final StringBuilder out = new StringBuilder();
    private final String indent;

    private DevicesText(int pathWidth) {
        this.indent = " ".repeat(2 + pathWidth + 2);
    }

    public static String render(DeviceScan scan) {
        int width = Stream.concat(scan.serialPorts().stream().map(SerialPortInfo::path),
                scan.cameras().stream().map(CameraInfo::path)).mapToInt(String::length).max().orElse(0);
        DevicesText text = new DevicesText(width);
        text.serialPorts(scan.serialPorts(), width);
        text.out.append('\n');
        text.cameras(scan.cameras(), width);
        text.example(scan);
        return text.out.toString();
    }

    private void serialPorts(List<SerialPortInfo> ports, int width) {
        out.append("Serial ports (for --serial; a by-id name stays the same when re-plugged):\n");
        if (ports.isEmpty()) {
            out.append("  none found: no /dev/ttyACM* or /dev/ttyUSB*.\n");
            out.append("  Plug the Arduino in with a USB data cable (some cables only charge);\n");
            out.append("  `sudo dmesg -w` shows what the kernel sees as you plug it in.\n");
            return;
        }
        for (SerialPortInfo p : ports) {
            out.append("  ").append(pad(p.path(), width)).append("  ").append(p.kind().description())
                    .append(", link=").append(p.kind().link()).append('\n');
            usb(p.usb(), p.driver());
            for (String link : p.byId()) {
                line("by-id", link);
            }
            access(p.access());
            LatencyTimer timer = p.latencyTimer();
            if (timer != null) {
                line("latency", timer.ms() + " ms (latency_timer)");
                if (timer.isTooHigh()) {
                    line("WARN", "the latency timer adds up to " + timer.ms() + " ms of delivery jitter to every line"
                            + " (16 ms is the default; " + LatencyTimer.BEST_MS + " ms is best).");
                    line("", "Set it to " + LatencyTimer.BEST_MS + " ms now:  " + timer.setNowCommand());
                    line("", "and at every plug-in, with this line in " + LatencyTimer.UDEV_FILE + ":");
                    line("", "  " + LatencyTimer.UDEV_RULE);
                }
            }
        }
    }

    private void cameras(List<CameraInfo> cameras, int width) {
        out.append("Cameras (for --camera):\n");
        if (cameras.isEmpty()) {
            out.append("  none found: no /dev/video*.\n");
            out.append("  Plug in a USB (UVC) camera; `sudo dmesg -w` shows whether the kernel sees it. To try\n");
            out.append("  drivetape without one: --camera test.\n");
            return;
        }
        for (CameraInfo c : cameras) {
            CameraDetails d = c.details();
            out.append("  ").append(pad(c.path(), width)).append("  ").append(c.name() == null ? "(no name)" : c.name())
                    .append(", ").append(captureWords(d)).append('\n');
            usb(c.usb(), c.driver());
            access(c.access());
            if (d.problem() != null) {
                line("formats", "unknown: " + d.problem());
                continue;
            }
            if (Boolean.FALSE.equals(d.capture())) {
                continue;
            }
            formats(d.formats());
        }
    }

    private void formats(List<PixelFormat> formats) {
        List<PixelFormat> mjpeg = formats.stream().filter(PixelFormat::isMjpeg).toList();
        if (mjpeg.isEmpty()) {
            line("MJPEG", "none: drivetape encodes the raw frames to JPEG itself, which costs CPU");
        }
        for (PixelFormat f : mjpeg) {
            int width = f.sizes().stream().mapToInt(s -> s.size().length()).max().orElse(0);
            String label = "MJPEG";
            for (FrameSize s : f.sizes()) {
                line(label, pad(s.size(), width) + "  " + rates(s));
                label = "";
            }
            if (f.sizes().isEmpty()) {
                line(label, "(no frame sizes listed)");
            }
        }
        String others = formats.stream().filter(f -> !f.isMjpeg())
                .map(f -> f.fourcc() + (f.description() == null ? "" : " (" + f.description() + ")"))
                .collect(Collectors.joining(", "));
        if (!others.isEmpty()) {
            line("other", others + ": raw, drivetape encodes these to JPEG itself");
        }
    }

    private void example(DeviceScan scan) {
        SerialPortInfo port = scan.serialPorts().stream().filter(p -> p.access().mayOpen()).findFirst().orElse(null);
        CameraInfo camera = scan.cameras().stream()
                .filter(c -> c.access().mayOpen() && Boolean.TRUE.equals(c.details().capture()))
                .findFirst().orElse(null);
        if (scan.nothingAttached()) {
            out.append("\nNothing attached.\n");
        } else if (port != null && camera != null) {
            out.append("\nFor example:\n  ./drivetape record --serial ").append(port.bestName()).append(" --camera ")
                    .append(camera.path()).append(" --out episodes\n");
            out.append("(add --resolution WxH --fps N from the sizes and rates above)\n");
        }
    }

    private void usb(UsbDevice usb, String driver) {
        List<String> parts = new ArrayList<>();
        if (usb != null) {
            parts.add(usb.id());
            if (usb.manufacturer() != null || usb.product() != null) {
                parts.add(Stream.of(usb.manufacturer(), usb.product()).filter(s -> s != null)
                        .collect(Collectors.joining(" ")));
            }
            if (usb.serial() != null) {
                parts.add("serial " + usb.serial());
            }
        }
        if (usb == null) {
            if (driver != null) {
                line("driver", driver);
            }
            return;
        }
        if (driver != null) {
            parts.add("driver " + driver);
        }
        line("usb", String.join(", ", parts));
    }

    private void access(Access a) {
        if (a.mayOpen()) {
            line("access", "ok");
        } else {
            String mode = a.modeAndOwner();
            line("access", "NO PERMISSION" + (mode.isEmpty() ? "" : " (" + mode + ")") + ": " + a.fix());
        }
    }

    private static String captureWords(CameraDetails d) {
        if (d.capture() == null) {
            return "capture node? (unknown)";
        }
        if (d.capture()) {
            return "capture node";
        }
        String what = d.deviceCaps().stream().filter(c -> !c.equals("Streaming") && !c.equals("Extended Pix Format")
                && !c.equals("Device Capabilities")).collect(Collectors.joining(", "));
        return "not a capture node" + (what.isEmpty() ? "" : " (" + what + ")") + ": not for --camera";
    }

    private static String rates(FrameSize s) {
        if (s.fpsRange() != null) {
            return s.fpsRange() + " fps";
        }
        if (s.fps().isEmpty()) {
            return "(no rates listed)";
        }
        return s.fps().stream().map(DevicesText::rate).collect(Collectors.joining(", ")) + " fps";
    }

    /** 30.000 as 30, 7.500 as 7.5, 29.970 as 29.97. */
    static String rate(double fps) {
        return BigDecimal.valueOf(fps).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private void line(String label, String text) {
        out.append(indent).append(String.format(LABEL, label)).append(text).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
