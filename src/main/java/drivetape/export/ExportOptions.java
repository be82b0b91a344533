package drivetape.export;

import java.util.Map;

/**
 * What the export command was asked for, beyond the episodes and the output folder.
 *
 * @param maps how each channel's microseconds map onto -1..+1 (channels not named use 1000:1500:2000)
 * @param task the LeRobot task text
 * @param fps the LeRobot frame grid, or null for the camera's rate
 */
public record ExportOptions(Map<String, ChannelMap> maps, String task, Double fps) {

    public ExportOptions {
        maps = Map.copyOf(maps);
    }

    public static ExportOptions defaults() {
        return new ExportOptions(Map.of(), "drive", null);
    }

    /** The map of {@code channel}: the one given with --map, else DonkeyCar's RC convention. */
    public ChannelMap map(String channel) {
        return maps.getOrDefault(channel, ChannelMap.RC_DEFAULT);
    }
}
