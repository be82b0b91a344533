package drivetape.session;

/**
 * What starts and ends episodes in a session, besides the keyboard and the web page.
 *
 * @param recordSwitch record while this channel reads above its threshold, or null
 * @param throttleIdleS record while the throttle is off neutral, ending this many seconds after it returns
 *                      to neutral (DonkeyCar's auto-record-on-throttle), or null
 * @param preRollS seconds before the trigger an episode also holds
 * @param maxEpisodeS close an episode and start the next after this many seconds of continuous recording,
 *                    or null
 */
public record Triggers(RecordSwitch recordSwitch, Double throttleIdleS, double preRollS, Double maxEpisodeS) {
    public static final Triggers MANUAL = new Triggers(null, null, 0, null);
}
