package drivetape.episode;

/**
 * A time a device was gone while the episode was recording (metadata.json {@code outages}).
 *
 * @param device {@code controller} or {@code camera}
 * @param toNs when it was back, or null if it never came back within the episode
 */
public record Outage(String device, long fromNs, Long toNs) {
    public static final String CONTROLLER = "controller";
    public static final String CAMERA = "camera";
}
