package drivetape.export.tub;

import java.util.List;

/**
 * DonkeyCar's tub v2 as its own code reads it (donkeycar/parts/tub_v2.py and datastore_v2.py): file names,
 * record keys and input types, written down once.
 */
final class TubLayout {
    static final String MANIFEST = "manifest.json";
    static final String IMAGES_DIR = "images";
    /** Records per catalog file (Manifest's max_len): a new catalog starts at every multiple of it. */
    static final int CATALOG_RECORDS = 1000;

    static final String IMAGE = "cam/image_array";
    static final String ANGLE = "user/angle";
    static final String THROTTLE = "user/throttle";
    static final String MODE = "user/mode";
    /** Every frame was driven by a person. */
    static final String MODE_USER = "user";
    /** DonkeyCar's marker of a placeholder record (scripts/convert_to_tub_v2.py), always deleted. */
    static final String EMPTY = "__empty__";
    static final String INDEX = "_index";
    static final String SESSION = "_session_id";
    static final String TIMESTAMP_MS = "_timestamp_ms";
    /** The frame's index in its drivetape episode (frames.csv), to trace a record back. */
    static final String SOURCE_FRAME = "drivetape/frame";

    /** The inputs every export has, and their types, before the raw channel columns. */
    static final List<String> INPUTS = List.of(IMAGE, ANGLE, THROTTLE, MODE, SOURCE_FRAME, EMPTY);
    static final List<String> TYPES = List.of("image_array", "float", "float", "str", "int", "boolean");

    private TubLayout() {
    }

    /** A channel's pulse width in microseconds, kept beside the mapped values. */
    static String rawKey(String channel) {
        return "drivetape/" + channel + "_us";
    }

    static String catalog(int n) {
        return "catalog_" + n + ".catalog";
    }

    static String catalogManifest(int n) {
        return "catalog_" + n + ".catalog_manifest";
    }

    /** Tub._image_file_name: {@code <index>_cam_image_array_.jpg}. */
    static String imageName(long index) {
        return index + "_" + IMAGE.replace('/', '_') + "_.jpg";
    }
}
