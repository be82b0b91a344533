package drivetape.session;

/** Turns a switch channel's pulse widths into on/off transitions, with hysteresis. Timeline thread only. */
final class SwitchWatcher {
    private final int onAboveUs;
    private final int offBelowUs;
    private boolean on;

    SwitchWatcher(int thresholdUs) {
        this.onAboveUs = thresholdUs + RecordSwitch.HYSTERESIS_US / 2;
        this.offBelowUs = thresholdUs - RecordSwitch.HYSTERESIS_US / 2;
    }

    /** @return +1 when the switch turned on with this sample, -1 when it turned off, else 0 */
    int onSample(int valueUs) {
        // 0 is no signal (receiver off, out of range): not "on".
        if (!on && valueUs > onAboveUs) {
            on = true;
            return 1;
        }
        if (on && (valueUs < offBelowUs || valueUs == 0)) {
            on = false;
            return -1;
        }
        return 0;
    }

    boolean isOn() {
        return on;
    }
}
