package drivetape.devices;

import java.util.List;

/**
 * A frame size a camera offers, with its frame rates.
 *
 * @param size     {@code WIDTHxHEIGHT} (a value for {@code --resolution}) when discrete, else the range, e.g.
 *                 "32x32 to 2592x1944, step 2x2"
 * @param discrete whether {@code size} is one size
 * @param fps      the discrete frame rates, highest first as the driver lists them
 * @param fpsRange a continuous range such as "1-30", or null when the rates are discrete
 */
public record FrameSize(String size, boolean discrete, List<Double> fps, String fpsRange) {
}
