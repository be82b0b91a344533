package drivetape.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code v4l2-ctl --info --list-formats-ext} prints: the node's capabilities and its capture
 * formats with their frame sizes and intervals. Lines it does not know are skipped, so a newer v4l2-ctl that
 * prints more still parses.
 */
final class V4l2CtlOutput {
    // From linux/videodev2.h.
    private static final long CAP_VIDEO_CAPTURE = 0x00000001L;
    private static final long CAP_VIDEO_CAPTURE_MPLANE = 0x00001000L;
    private static final long CAP_VIDEO_M2M_MPLANE = 0x00004000L;
    private static final long CAP_VIDEO_M2M = 0x00008000L;

    private static final Pattern CAPS = Pattern.compile("^\\s*(Device Caps|Capabilities)\\s*:\\s*0x([0-9a-fA-F]+)");
    private static final Pattern CAP_NAME = Pattern.compile("^\\t\\t(\\S.*)$");
    // "[0]: 'MJPG' (Motion-JPEG, compressed)"; v4l2-ctl before 1.14: "Pixel Format: 'MJPG' (compressed)".
    private static final Pattern FORMAT = Pattern.compile("^\\s*\\[\\d+\\]: '([^']*)' \\((.*)\\)\\s*$");
    private static final Pattern OLD_FORMAT = Pattern.compile("^\\s*Pixel Format\\s*: '([^']*)'");
    private static final Pattern OLD_NAME = Pattern.compile("^\\s*Name\\s*: (.*)$");
    private static final Pattern DISCRETE_SIZE = Pattern.compile("^\\s*Size: Discrete (\\d+x\\d+)\\s*$");
    private static final Pattern RANGE_SIZE = Pattern.compile(
            "^\\s*Size: (?:Continuous|Stepwise) (\\d+x\\d+) - (\\d+x\\d+)(?: with step (\\d+)/(\\d+))?");
    private static final Pattern DISCRETE_INTERVAL =
            Pattern.compile("^\\s*Interval: Discrete [0-9.]+s \\(([0-9.]+) fps\\)");
    private static final Pattern RANGE_INTERVAL =
            Pattern.compile("^\\s*Interval: (?:Continuous|Stepwise) .*\\(([0-9.]+)-([0-9.]+) fps\\)");

    private V4l2CtlOutput() {
    }

    static CameraDetails parse(String output) {
        Long deviceCaps = null;
        Long driverCaps = null;
        List<String> deviceCapNames = new ArrayList<>();
        List<String> driverCapNames = new ArrayList<>();
        List<String> names = null;
        List<FormatBuilder> formats = new ArrayList<>();
        FormatBuilder format = null;
        SizeBuilder size = null;
        for (String line : output.split("\n", -1)) {
            Matcher m;
            if (names != null && (m = CAP_NAME.matcher(line)).matches()) {
                names.add(m.group(1).strip());
                continue;
            }
            names = null;
            if ((m = CAPS.matcher(line)).find()) {
                long value = Long.parseLong(m.group(2), 16);
                // The media controller info v4l2-ctl may print after this has no caps lines of its own.
                if (m.group(1).equals("Device Caps") && deviceCaps == null) {
                    deviceCaps = value;
                    names = deviceCapNames;
                } else if (m.group(1).equals("Capabilities") && driverCaps == null) {
                    driverCaps = value;
                    names = driverCapNames;
                }
            } else if ((m = FORMAT.matcher(line)).matches()) {
                format = new FormatBuilder(m.group(1).strip(), m.group(2));
                formats.add(format);
                size = null;
            } else if ((m = OLD_FORMAT.matcher(line)).find()) {
                format = new FormatBuilder(m.group(1).strip(), null);
                formats.add(format);
                size = null;
            } else if (format != null && format.description == null && (m = OLD_NAME.matcher(line)).matches()) {
                format.description = m.group(1).strip();
            } else if (format != null && (m = DISCRETE_SIZE.matcher(line)).matches()) {
                size = new SizeBuilder(m.group(1), true);
                format.sizes.add(size);
            } else if (format != null && (m = RANGE_SIZE.matcher(line)).find()) {
                String range = m.group(1) + " to " + m.group(2)
                        + (m.group(3) == null ? "" : ", step " + m.group(3) + "x" + m.group(4));
                size = new SizeBuilder(range, false);
                format.sizes.add(size);
            } else if (size != null && (m = DISCRETE_INTERVAL.matcher(line)).find()) {
                size.fps.add(Double.parseDouble(m.group(1)));
            } else if (size != null && (m = RANGE_INTERVAL.matcher(line)).find()) {
                size.fpsRange = DevicesText.rate(Double.parseDouble(m.group(1))) + "-"
                        + DevicesText.rate(Double.parseDouble(m.group(2)));
            }
        }
        Long caps = deviceCaps != null ? deviceCaps : driverCaps;
        Boolean capture = caps == null ? null : isCapture(caps);
        List<String> capNames = deviceCaps != null ? deviceCapNames : driverCapNames;
        String problem = caps == null ? "v4l2-ctl printed no capabilities" : null;
        return new CameraDetails(capture, List.copyOf(capNames),
                formats.stream().map(FormatBuilder::build).toList(), problem);
    }

    private static boolean isCapture(long caps) {
        boolean captures = (caps & (CAP_VIDEO_CAPTURE | CAP_VIDEO_CAPTURE_MPLANE)) != 0;
        boolean memoryToMemory = (caps & (CAP_VIDEO_M2M | CAP_VIDEO_M2M_MPLANE)) != 0;
        return captures && !memoryToMemory;
    }

    private static final class FormatBuilder {
        final String fourcc;
        String description;
        final List<SizeBuilder> sizes = new ArrayList<>();

        FormatBuilder(String fourcc, String description) {
            this.fourcc = fourcc;
            this.description = description;
        }

        PixelFormat build() {
            return new PixelFormat(fourcc, description, sizes.stream().map(SizeBuilder::build).toList());
        }
    }

    private static final class SizeBuilder {
        final String size;
        final boolean discrete;
        final List<Double> fps = new ArrayList<>();
        String fpsRange;

        SizeBuilder(String size, boolean discrete) {
            this.size = size;
            this.discrete = discrete;
        }

        FrameSize build() {
            return new FrameSize(size, discrete, List.copyOf(fps), fpsRange);
        }
    }
}
