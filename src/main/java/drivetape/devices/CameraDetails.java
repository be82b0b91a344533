package drivetape.devices;

import java.util.List;

/**
 * What a V4L2 node said about itself.
 *
 * @param capture    true for a video capture node (a value for {@code --camera}), false for the other nodes
 *                   a camera or SoC has (metadata, codecs, ISPs), null when it could not be asked
 * @param deviceCaps the node's capabilities as V4L2 names them, e.g. "Video Capture", "Metadata Capture"
 * @param formats    the pixel formats it captures, with sizes and rates
 * @param problem    what could not be queried and how to fix that, or null when everything was
 */
public record CameraDetails(Boolean capture, List<String> deviceCaps, List<PixelFormat> formats, String problem) {

    static CameraDetails unavailable(String problem) {
        return new CameraDetails(null, List.of(), List.of(), problem);
    }
}
