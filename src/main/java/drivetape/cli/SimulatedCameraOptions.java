package drivetape.cli;

import drivetape.sim.TimeRange;
import drivetape.sim.camera.CameraSimConfig;
import java.net.InetSocketAddress;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --camera-*} options of {@code simulate controller}: a simulated MJPEG IP camera. */
final class SimulatedCameraOptions {

    @Option(names = "--camera-http", paramLabel = "HOST:PORT",
            description = "Also serve a simulated IP camera's MJPEG stream (multipart/x-mixed-replace, as an "
                    + "ESP32-CAM does) at http://HOST:PORT/stream; PORT 0 picks a free one (the address is "
                    + "printed). It shows a moving ball and the simulated LED (lit by ?blink) at (width-24, 24).")
    String address;

    @Option(names = "--camera-fps", paramLabel = "FPS", defaultValue = "30",
            description = "Frames per second of true time (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--camera-size", paramLabel = "WxH", defaultValue = "640x360", converter = Resolution.Converter.class,
            description = "Frame size, at least 160x120 (default: ${DEFAULT-VALUE}).")
    Resolution size;

    @Option(names = "--camera-latency-ms", paramLabel = "MS", defaultValue = "40",
            description = "A frame exposed at true time T is sent at T + MS (default: ${DEFAULT-VALUE}).")
    double latencyMs;

    @Option(names = "--camera-exposure-ms", paramLabel = "MS", defaultValue = "2",
            description = "Exposure, centred on T; an LED switch inside it shows as a partly lit spot "
                    + "(default: ${DEFAULT-VALUE}).")
    double exposureMs;

    @Option(names = "--camera-outage", paramLabel = "FROM:TO", split = ",",
            description = "True-second ranges during which the camera is gone, e.g. 3:5: it drops its clients, "
                    + "refuses new connections and sends no frames (none in the truth file), then serves again "
                    + "on the same port.")
    List<String> outages;

    boolean enabled() {
        return address != null;
    }

    /** The configuration; a camera option without --camera-http is an error. */
    CameraSimConfig config(CommandLine.ParseResult parsed) {
        if (!enabled()) {
            for (String name : new String[] {"--camera-fps", "--camera-size", "--camera-latency-ms", "--camera-exposure-ms",
                "--camera-outage"}) {
                if (parsed.hasMatchedOption(name)) {
                    throw new UserError(name + " needs --camera-http HOST:PORT");
                }
            }
            return null;
        }
        List<TimeRange> ranges;
        try {
            ranges = TimeRange.parseAll(outages);
        } catch (IllegalArgumentException e) {
            throw new UserError("--camera-outage: " + e.getMessage());
        }
        try {
            return new CameraSimConfig(fps, size.width(), size.height(), latencyMs, exposureMs, ranges);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** {@code HOST:PORT}, {@code :PORT} (every interface) or {@code [IPV6]:PORT}. */
    InetSocketAddress socketAddress() {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            // Reported below.
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--camera-http must be HOST:PORT with a port from 0 to 65535, e.g. "
                    + "127.0.0.1:8081, was '" + address + "'");
        }
        InetSocketAddress socket = host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        if (socket.isUnresolved()) {
            throw new UserError("--camera-http: unknown host '" + host + "': use an address of this machine, "
                    + "e.g. 127.0.0.1");
        }
        return socket;
    }
}
