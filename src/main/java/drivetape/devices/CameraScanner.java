package drivetape.devices;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Finds the V4L2 nodes (/dev/video*): sysfs for names and drivers, a {@link CameraQuery} for the rest. */
final class CameraScanner {
    private static final Pattern VIDEO_NAMES = Pattern.compile("video\\d+");
    private static final String VIDEO_GROUP = "video";

    private final Sysfs fs;
    private final AccessCheck access;
    private final CameraQuery query;

    CameraScanner(Sysfs fs, AccessCheck access, CameraQuery query) {
        this.fs = fs;
        this.access = access;
        this.query = query;
    }

    List<CameraInfo> scan() throws IOException {
        List<CameraInfo> cameras = new ArrayList<>();
        for (String name : fs.devNames(VIDEO_NAMES)) {
            cameras.add(camera(name));
        }
        return cameras;
    }

    private CameraInfo camera(String name) {
        Path device = fs.dev(name);
        Path sysNode = fs.sys("class/video4linux/" + name);
        Path sysDevice = sysNode.resolve("device");
        Access may = Access.of(device, access, VIDEO_GROUP);
        CameraDetails details = may.mayOpen() ? query.query(device)
                : CameraDetails.unavailable("not queried: no permission to open it");
        return new CameraInfo(fs.shown(device), Sysfs.attribute(sysNode.resolve("name")), Sysfs.driver(sysDevice),
                fs.usbAbove(sysDevice), may, details);
    }
}
