package drivetape.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.firmware.BoardOutput.Event;
import drivetape.firmware.SimulatedBoard.LedChange;
import drivetape.firmware.SimulatedBoard.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware's lines are protocol v1 exactly: hello, then records with sequence numbers and checksums. */
class FirmwareProtocolTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        FirmwareBuild.ensureBuilt();
    }

    @Test
    void helloThenRecordsNumberedOneByOneWithTimeNeverGoingBack() throws Exception {
        // Signal, a loss, signal again: samples and events interleave.
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "3", "--seed", "3",
                "--segment", "1000:r,r", "--segment", "500:0,0", "--segment", "1500:r,r");
        BoardOutput out = run.output();  // every line parsed strictly, checksums checked

        assertThat(out.hello).isEqualTo(FirmwareBuild.HELLO);
        for (int i = 0; i < out.seqs.size(); i++) {
            assertThat(out.seqs.get(i)).as("seq of record %d", i).isEqualTo(i + 1L);
        }
        for (int i = 1; i < out.times.size(); i++) {
            assertThat(out.times.get(i)).as("t_us of record %d", i).isGreaterThanOrEqualTo(out.times.get(i - 1));
        }
        assertThat(out.samples).allSatisfy(s -> assertThat(s.values()).hasSize(2));
        assertThat(out.samples.size()).isBetween(145, 152);
        assertThat(out.events).extracting(Event::name).containsOnly("led", "failsafe");
        assertThat(out.events("failsafe")).extracting(Event::value).containsExactly("1", "0");
    }

    @Test
    void ledBlinksAfterBootThenShowsTheSignalAndEveryChangeIsAnEvent() throws Exception {
        Run run = SimulatedBoard.run(tmp, FirmwareBuild.ELF, "--seconds", "2", "--seed", "4",
                "--segment", "1000:r,r", "--segment", "1000:0,0");
        List<Event> led = run.output().events("led");
        // Three calibration blinks (on/off every 100 ms), then on while there is signal, off when it is lost.
        assertThat(led).extracting(Event::value).containsExactly("1", "0", "1", "0", "1", "0", "1", "0");
        for (int i = 1; i < 6; i++) {
            assertThat(led.get(i).tUs() - led.get(i - 1).tUs()).isBetween(98_000L, 102_100L);
        }
        Event lost = run.output().events("failsafe").get(0);
        assertThat(led.get(7).tUs() - lost.tUs()).isBetween(0L, 2_000L);  // right after the failsafe line

        // Each event's t_us is when the pin changed, on the board's clock (its offset from the simulation's
        // clock is the same for all of them).
        List<LedChange> pin = run.leds().stream().skip(1).toList();  // the first is setup() turning it off
        assertThat(pin).extracting(LedChange::level).containsExactly(1, 0, 1, 0, 1, 0, 1, 0);
        long offset = led.get(0).tUs() - pin.get(0).us();
        assertThat(offset).isBetween(-1_000L, 0L);
        for (int i = 0; i < led.size(); i++) {
            assertThat(led.get(i).tUs() - pin.get(i).us()).as("led event %d", i).isBetween(offset - 8, offset + 8);
        }
    }
}
