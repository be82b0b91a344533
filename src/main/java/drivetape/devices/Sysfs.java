package drivetape.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a sysfs/devfs tree under a root: {@code /} in production, a fake tree in tests. Every path it shows
 * the user is the one on the real system ({@code /dev/ttyACM0}), whatever the root.
 */
final class Sysfs {
    private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)$");

    private final Path root;

    Sysfs(Path root) {
        this.root = root;
    }

    Path dev(String relative) {
        return root.resolve("dev").resolve(relative);
    }

    Path sys(String relative) {
        return root.resolve("sys").resolve(relative);
    }

    /** The path as the user sees it on the real system. */
    String shown(Path path) {
        return "/" + root.relativize(path).toString();
    }

    /** The names directly in devfs that match the pattern, in numeric order. */
    List<String> devNames(Pattern pattern) throws IOException {
        Path dev = root.resolve("dev");
        if (!Files.isDirectory(dev)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dev)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> pattern.matcher(name).matches())
                    .forEach(names::add);
        }
        names.sort(NUMERIC_ORDER);
        return names;
    }

    /** The symlinks in a devfs directory that point at {@code target} (a name in /dev), as shown paths. */
    List<String> linksTo(String linkDirectory, String target) throws IOException {
        Path dir = dev(linkDirectory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> links = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path link : (Iterable<Path>) entries.sorted()::iterator) {
                if (Files.isSymbolicLink(link)) {
                    Path pointsAt = Files.readSymbolicLink(link).getFileName();
                    if (pointsAt != null && pointsAt.toString().equals(target)) {
                        links.add(shown(link));
                    }
                }
            }
        }
        return links;
    }

    /** A sysfs attribute's first line, trimmed; null when it is missing, empty or unreadable. */
    static String attribute(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text.lines().findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The name of the driver bound to a sysfs device directory ({@code device/driver} is a symlink). */
    static String driver(Path device) {
        Path driver = device.resolve("driver");
        try {
            return Files.isSymbolicLink(driver) ? Files.readSymbolicLink(driver).getFileName().toString() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The USB device above a sysfs device (a tty's or video node's {@code device} link points at a USB
     * interface or a usb-serial port; the USB device, with idVendor and idProduct, is a parent of it).
     */
    UsbDevice usbAbove(Path device) {
        Path at;
        Path sysRoot;
        try {
            at = device.toRealPath();
            sysRoot = root.resolve("sys").toRealPath();
        } catch (IOException e) {
            return null;
        }
        for (; at != null && at.startsWith(sysRoot); at = at.getParent()) {
            String vendor = attribute(at.resolve("idVendor"));
            String product = attribute(at.resolve("idProduct"));
            if (vendor != null && product != null) {
                return new UsbDevice(vendor.toLowerCase(), product.toLowerCase(), attribute(at.resolve("manufacturer")),
                        attribute(at.resolve("product")), attribute(at.resolve("serial")));
            }
        }
        return null;
    }

    private static String number(String name) {
        Matcher m = TRAILING_NUMBER.matcher(name);
        return m.matches() ? m.group(2) : "";
    }

    /** ttyACM2 before ttyACM10. */
    static final Comparator<String> NUMERIC_ORDER = Comparator
            .comparing((String name) -> {
                Matcher m = TRAILING_NUMBER.matcher(name);
                return m.matches() ? m.group(1) : name;
            })
            .thenComparingLong(name -> {
                String digits = number(name);
                return digits.isEmpty() || digits.length() > 18 ? 0 : Long.parseLong(digits);
            });
}
