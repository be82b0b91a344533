package drivetape.timing;

/**
 * Maps a control record's device time onto the episode's time base: the best estimate of when its values
 * were measured. Called once per record, in arrival order, on the episode writer thread.
 */
public interface ControlClock {

    /**
     * @param segment the clock segment (a new one each time the board resets)
     * @param deviceUs the firmware's micros(), unwrapped to 64 bits within the segment
     * @param receiveNs when the host read the line, on the episode time base (ns since the epoch)
     * @return the estimated moment of measurement, on the episode time base
     */
    long toEpisodeNs(int segment, long deviceUs, long receiveNs);

    /**
     * A lower bound from the two-way exchange (a pong): the board's clock read {@code deviceUs} no earlier
     * than {@code hostNs} on the episode time base. A clock that cannot use it ignores it.
     */
    default void onLowerBound(int segment, long deviceUs, long hostNs) {
    }

    /** The fit as it stands, for metadata.json's {@code clock} while recording (cheap: asked twice a second). */
    ClockFit fit();

    /** The fit over everything seen, for an episode's final metadata. */
    default ClockFit fitAll() {
        return fit();
    }

    /**
     * The mapping to rewrite the episode's control times with when it ends, using everything seen (so early
     * records benefit from later ones), or null to keep the times given while recording.
     */
    default SegmentTimeMapping finalMapping() {
        return null;
    }
}
