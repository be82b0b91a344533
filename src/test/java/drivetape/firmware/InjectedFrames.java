package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Sample;
import drivetape.firmware.SimulatedBoard.Pulse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RC frames played into the board, and which sample reported which frame: the frame whose last falling
 * edge lies nearest the sample's t_us (the board's micros() runs a fraction of a millisecond behind the
 * simulation's clock, and frames are 5 to 22.5 ms apart, so the nearest is the one).
 */
final class InjectedFrames {
    /** One frame: each channel's width (0 where it had no pulse), and when its last pulse ended. */
    record Frame(long startUs, int[] widths, long lastFallUs) {
        @Override
        public String toString() {
            return "frame at " + startUs + " us " + java.util.Arrays.toString(widths) + " ending " + lastFallUs;
        }
    }

    /** A sample and the frame it reported; {@code offsetUs} = t_us - the frame's last falling edge. */
    record Match(Sample sample, Frame frame, long offsetUs) {
    }

    private final TreeMap<Long, Frame> byLastFall = new TreeMap<>();

    InjectedFrames(List<Pulse> pulses, long startUs, long frameUs, int channels) {
        Map<Long, List<Pulse>> byFrame = new TreeMap<>();
        for (Pulse p : pulses) {
            long index = (p.riseUs() - startUs) / frameUs;
            byFrame.computeIfAbsent(index, k -> new ArrayList<>()).add(p);
        }
        for (var entry : byFrame.entrySet()) {
            int[] widths = new int[channels];
            long lastFall = 0;
            for (Pulse p : entry.getValue()) {
                widths[p.channel()] = p.widthUs();
                lastFall = Math.max(lastFall, p.fallUs());
            }
            byLastFall.put(lastFall, new Frame(startUs + entry.getKey() * frameUs, widths, lastFall));
        }
    }

    Collection<Frame> frames() {
        return byLastFall.values();
    }

    /** Frames whose last pulse ended within [fromUs, toUs). */
    List<Frame> framesEndingBetween(long fromUs, long toUs) {
        return List.copyOf(byLastFall.subMap(fromUs, toUs).values());
    }

    Match match(Sample sample) {
        var below = byLastFall.floorEntry(sample.tUs() + 2_000);
        assertThat(below).as("no frame before sample %s", sample).isNotNull();
        Frame frame = below.getValue();
        return new Match(sample, frame, sample.tUs() - frame.lastFallUs());
    }

    /** Every sample reporting a signal (no channel 0) with its frame. */
    List<Match> matchSignalSamples(List<Sample> samples) {
        List<Match> matches = new ArrayList<>();
        for (Sample s : samples) {
            boolean signal = true;
            for (int v : s.values()) {
                signal &= v != 0;
            }
            if (signal) {
                matches.add(match(s));
            }
        }
        return matches;
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
