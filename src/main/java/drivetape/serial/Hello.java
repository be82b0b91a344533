package drivetape.serial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The firmware's hello line: {@code #hello proto=1 fw=<version> channels=<n1>,<n2>[,...] rate_hz=<r>}.
 *
 * <p>The channel names matter (they name the control columns and fix how many values a sample must carry).
 * Info lines carry no checksum, so a hello that cannot be right is refused rather than believed: no usable
 * {@code channels}, a {@code proto} other than 1, a {@code rate_hz} that is not a positive number. Absent
 * optional keys are fine ({@code link} defaults to uart, {@code caps} to none).
 *
 * @param protocolVersion the {@code proto} value, or -1 when absent or not a whole number
 * @param firmware the {@code fw} value, or "" when absent
 * @param channels channel names in sample order: 1 to {@link ControlRecord#MAX_CHANNELS}, distinct, non-empty
 * @param rateHz the {@code rate_hz} value, or 0 when absent
 * @param link how the board's lines reach the host: through a UART and a USB bridge, or native USB
 * @param caps the host-to-board lines the board accepts ({@code ping}, {@code blink}, ...)
 * @param text the whole line after the '#', as received (for metadata)
 */
public record Hello(int protocolVersion, String firmware, List<String> channels, double rateHz, Link link,
                    Set<String> caps, String text) {
    public static final int PROTOCOL = 1;

    /** The hello key {@code link}. */
    public enum Link {
        /** The board's UART sends each line at the baud rate, a USB-serial bridge forwards it (the default). */
        UART,
        /** The board speaks USB CDC itself: no UART time. */
        USB
    }

    public Hello {
        channels = List.copyOf(channels);
        caps = Set.copyOf(caps);
    }

    public boolean can(String capability) {
        return caps.contains(capability);
    }

    /**
     * Parses the text after '#'. Keys may come in any order; unknown keys and tokens without '=' are ignored
     * (newer firmware may add some); a repeated key keeps its last value.
     *
     * @return the hello, or null when the text is not a hello, its {@code channels} is missing or invalid
     *     (empty, an empty name, a repeated name, more than {@link ControlRecord#MAX_CHANNELS} names), its
     *     {@code proto} is not 1 or its {@code rate_hz} is not a positive number
     */
    public static Hello parse(String textAfterHash) {
        String[] tokens = textAfterHash.split(" +");
        if (tokens.length == 0 || !tokens[0].equals("hello")) {
            return null;
        }
        int proto = -1;
        String firmware = "";
        List<String> channels = null;
        double rateHz = 0;
        Link link = Link.UART;
        Set<String> caps = Set.of();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            int eq = token.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = token.substring(0, eq);
            String value = token.substring(eq + 1);
            switch (key) {
                case "proto" -> {
                    proto = parseWholeNumber(value);
                    if (proto != PROTOCOL) {
                        return null;
                    }
                }
                case "fw" -> firmware = value;
                case "channels" -> channels = parseChannels(value);
                case "rate_hz" -> {
                    rateHz = parseRate(value);
                    if (rateHz <= 0) {
                        return null;
                    }
                }
                case "link" -> link = "usb".equals(value) ? Link.USB : Link.UART;
                case "caps" -> caps = "none".equals(value) || value.isEmpty() ? Set.of()
                        : new HashSet<>(Arrays.asList(value.split(",")));
                default -> {
                    // Unknown keys are for newer firmware: ignored.
                }
            }
        }
        if (channels == null) {
            return null;
        }
        return new Hello(proto, firmware, channels, rateHz, link, caps, textAfterHash);
    }

    /** The names, or null when any is empty or repeated, or there are too many. */
    private static List<String> parseChannels(String value) {
        // -1 keeps trailing empty names ("a,b,") so that they are rejected rather than silently dropped.
        String[] names = value.split(",", -1);
        if (names.length > ControlRecord.MAX_CHANNELS) {
            return null;
        }
        List<String> channels = new ArrayList<>(names.length);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isEmpty() || !seen.add(name)) {
                return null;
            }
            channels.add(name);
        }
        return channels;
    }

    private static int parseWholeNumber(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double parseRate(String value) {
        try {
            double r = Double.parseDouble(value);
            return Double.isFinite(r) && r > 0 ? r : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
