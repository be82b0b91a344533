package drivetape.calibrate;

import drivetape.timing.SortedTimes;
import java.util.ArrayList;
import java.util.List;

/**
 * Each LED switch brackets the latency: the last frame still showing the old state was exposed before the
 * switch and the first showing the new state after it, so the latency lies between the first's time
 * minus the switch's and the last's minus the switch's (a frame period wide). Only the frames near the
 * switch moment plus the rough lag are looked at, between the neighbouring switches' own frames, and a
 * switch whose frames change state more than once there (a flicker, a reflection) gives no bracket.
 */
public final class SwitchBrackets {

    /** Latency is more than {@code loNs} and at most {@code hiNs}. */
    public record Bracket(long loNs, long hiNs) {
    }

    private SwitchBrackets() {
    }

    /**
     * @param frameNs each frame's {@code t_ns}, ascending
     * @param lit whether each frame shows the LED lit
     * @param switches the LED's switches, ascending
     * @param roughLagNs the lag the LED finder found
     */
    public static List<Bracket> of(long[] frameNs, boolean[] lit, List<LedSwitch> switches, long roughLagNs) {
        List<Bracket> brackets = new ArrayList<>();
        for (int k = 0; k < switches.size(); k++) {
            LedSwitch s = switches.get(k);
            long at = s.tNs() + roughLagNs;
            long from = k > 0 ? (switches.get(k - 1).tNs() + s.tNs()) / 2 + roughLagNs : at - 500_000_000L;
            long to = k + 1 < switches.size() ? (s.tNs() + switches.get(k + 1).tNs()) / 2 + roughLagNs
                    : at + 500_000_000L;
            int first = SortedTimes.firstAtOrAfter(frameNs, frameNs.length, from);
            int end = SortedTimes.firstAtOrAfter(frameNs, frameNs.length, to);
            int change = -1;
            int changes = 0;
            for (int i = first + 1; i < end; i++) {
                if (lit[i] != lit[i - 1]) {
                    changes++;
                    change = i;
                }
            }
            if (changes == 1 && lit[change] == s.on()) {
                brackets.add(new Bracket(frameNs[change - 1] - s.tNs(), frameNs[change] - s.tNs()));
            }
        }
        return brackets;
    }
}
