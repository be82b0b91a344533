package drivetape.timing;

/** A device time, in a given clock segment, mapped onto the episode's time base. */
@FunctionalInterface
public interface SegmentTimeMapping {
    long toEpisodeNs(int segment, long deviceUs);
}
