package drivetape.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.format.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calibrations measured on this computer, in {@code $XDG_CONFIG_HOME/drivetape/calibration.json}
 * (default {@code ~/.config/drivetape/calibration.json}), one entry per camera, size and rate:
 *
 * <pre>{"format": "drivetape-calibration/1", "cameras": [{"camera": "/dev/video0", "width": 640,
 *   "height": 360, "fps": 30, "latency_ms": 55.3, "uncertainty_ms": 0.8, "switches": 38,
 *   "measured_at": "2026-12-03T07:00:00Z", "led_region": [600, 4, 40, 40]}]}</pre>
 *
 * <p>Read once when a recording starts; replaced as a whole when a calibration is saved.
 */
public final class CalibrationStore {
    public static final String FORMAT = "drivetape-calibration/1";
    static final String FILE_NAME = "calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<CameraCalibration> entries;

    private CalibrationStore(Path file, List<CameraCalibration> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Where the file lives for this environment: {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config}. */
    public static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return config.resolve("drivetape").resolve(FILE_NAME);
    }

    /**
     * Reads the store; a missing file is an empty store.
     *
     * @throws IOException with a message naming the file when it cannot be read or is not a calibration file
     */
    public static CalibrationStore read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new CalibrationStore(file, new ArrayList<>());
        }
        List<CameraCalibration> entries = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IOException("not a " + FORMAT + " file");
            }
            for (JsonNode c : root.path("cameras")) {
                JsonNode r = c.path("led_region");
                Region region = r.isArray() && r.size() == 4
                        ? new Region(r.get(0).asInt(), r.get(1).asInt(), r.get(2).asInt(), r.get(3).asInt()) : null;
                double latency = c.path("latency_ms").asDouble(Double.NaN);
                if (!c.path("camera").isTextual() || !(latency >= 0)) {
                    throw new IOException("an entry without a camera or a latency");
                }
                entries.add(new CameraCalibration(new CameraKey(c.path("camera").asText(), c.path("width").asInt(),
                        c.path("height").asInt(), c.path("fps").asDouble()), latency,
                        c.path("uncertainty_ms").asDouble(Double.NaN), c.path("switches").asInt(),
                        c.path("measured_at").asText(""), region));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("cannot read the camera calibrations in " + file + " (" + e.getMessage()
                    + "): fix the file, or delete it and calibrate again", e);
        }
        return new CalibrationStore(file, entries);
    }

    public Path file() {
        return file;
    }

    /** The calibration for this camera, size and rate, if there is one. */
    public Optional<CameraCalibration> find(CameraKey camera) {
        return entries.stream().filter(e -> e.camera().matches(camera)).findFirst();
    }

    public List<CameraCalibration> entries() {
        return List.copyOf(entries);
    }

    /** Puts {@code calibration} in place of the one for the same camera, and writes the file (atomically). */
    public void save(CameraCalibration calibration) throws IOException {
        entries.removeIf(e -> e.camera().matches(calibration.camera()));
        entries.add(calibration);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode cameras = root.putArray("cameras");
        for (CameraCalibration e : entries) {
            ObjectNode c = cameras.addObject();
            c.put("camera", e.camera().camera());
            c.put("width", e.camera().width());
            c.put("height", e.camera().height());
            c.put("fps", e.camera().fps());
            c.put("latency_ms", round(e.latencyMs()));
            c.put("uncertainty_ms", round(e.uncertaintyMs()));
            c.put("switches", e.switches());
            c.put("measured_at", e.measuredAt());
            if (e.ledRegion() != null) {
                Region r = e.ledRegion();
                c.putArray("led_region").add(r.x()).add(r.y()).add(r.width()).add(r.height());
            }
        }
        Files.createDirectories(file.getParent());
        AtomicFile.write(file, JSON.writeValueAsBytes(root), true);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
