package drivetape.devices;

import java.util.List;

/**
 * One pixel format a camera captures.
 *
 * @param fourcc      e.g. {@code MJPG}, {@code YUYV}
 * @param description the driver's words, e.g. "Motion-JPEG, compressed"
 * @param sizes       the frame sizes it offers in this format
 */
public record PixelFormat(String fourcc, String description, List<FrameSize> sizes) {

    /** JPEG frames drivetape stores byte for byte, without decoding or encoding them. */
    public boolean isMjpeg() {
        return fourcc.equals("MJPG") || fourcc.equals("JPEG");
    }
}
