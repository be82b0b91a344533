package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TruthFileTest {

    @Test
    void theRunnerWritesOneRowPerRecordSentWithItsTrueMoment(@TempDir Path dir) throws Exception {
        SimConfig config = SimConfig.builder().rateHz(100).seed(12).driftPpm(-3000).jitterMs(5)
                .quantumMs(4).t0Us((1L << 32) - 200_000).firstSeq((1L << 32) - 5)
                .corruptEvery(7).loseEvery(11).failsafe(0.2, 0.1).bootNoise(true)
                .channels(List.of("steering", "throttle", "aux")).auxFlipsS(List.of(0.3, 0.45)).build();
        List<GeneratedLine> expected = GeneratedLine.records(GeneratedLine.until(config, 600_000_000L));
        Path file = dir.resolve("truth.csv");
        long before = System.nanoTime();
        long wallBefore = System.currentTimeMillis() * 1_000_000L;
        SimClock clock = SimClock.startingNow();
        try (TruthFile truth = TruthFile.create(file, clock);
             ControllerRunner runner = ControllerRunner.on(new ControllerSchedule(config), new ByteArrayOutputStream())
                     .truth(truth).duration(Duration.ofMillis(600)).start()) {
            runner.awaitFinished();
            assertThat(runner.failure()).isEmpty();
            assertThat(runner.clock()).isEqualTo(clock);
        }
        long after = System.nanoTime();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt,name,value");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        List<String[]> records = rows.stream().filter(r -> r[1].equals("sample") || r[1].equals("event")).toList();
        assertThat(records).hasSize(expected.size());
        long monoMinusSchedule = Long.parseLong(records.get(0)[3]) - expected.get(0).measuredNanos();
        long epochMinusMono = Long.parseLong(records.get(0)[4]) - Long.parseLong(records.get(0)[3]);
        for (int i = 0; i < records.size(); i++) {
            String[] row = records.get(i);
            GeneratedLine line = expected.get(i);
            assertThat(row).hasSize(8);
            assertThat(Long.parseLong(row[0])).isEqualTo(line.seq());
            assertThat(row[1]).isEqualTo(line.kind() == ScheduledLine.Kind.SAMPLE ? "sample" : "event");
            assertThat(Long.parseLong(row[2])).isEqualTo(line.deviceUs() % (1L << 32));
            assertThat(line.text()).startsWith((row[1].equals("sample") ? "$" : "!") + row[0] + "," + row[2] + ",");
            // One offset between schedule time and CLOCK_MONOTONIC for all rows: the clock's origin.
            assertThat(Long.parseLong(row[3]) - line.measuredNanos()).isEqualTo(monoMinusSchedule);
            assertThat(Long.parseLong(row[4]) - Long.parseLong(row[3])).isEqualTo(epochMinusMono);
            assertThat(row[5]).isEqualTo(line.corrupt() ? "1" : "0");
            if (row[1].equals("event")) {
                assertThat(line.text()).contains("," + row[6] + "," + row[7] + "*");
            } else {
                assertThat(row[6] + row[7]).isEmpty();
            }
        }
        assertThat(monoMinusSchedule).isEqualTo(clock.originNanos()).isBetween(before - 1_000_000, after);
        assertThat(epochMinusMono).isEqualTo(clock.anchor().epochNsAtStart() - clock.anchor().monotonicNsAtStart());
        assertThat(records.stream().filter(r -> r[5].equals("1")).count()).isPositive();
        assertThat(records.stream().filter(r -> r[1].equals("event")).map(r -> r[6] + "=" + r[7]))
                .containsExactly("failsafe=1", "failsafe=0");
        assertThat(records.stream().map(r -> Long.parseLong(r[0]))).contains(0L); // seq wrapped
        long firstEpoch = Long.parseLong(records.get(0)[4]);
        assertThat(firstEpoch).isBetween(wallBefore - 2_000_000_000L, wallBefore + 5_000_000_000L);

        // An aux row follows the first sample sent that shows each flip, with that sample's moment.
        List<Integer> auxAt = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[1].equals("aux")) {
                auxAt.add(i);
            }
        }
        assertThat(auxAt).hasSize(2);
        for (int i : auxAt) {
            String[] aux = rows.get(i);
            String[] sample = rows.get(i - 1);
            assertThat(sample[1]).isEqualTo("sample");
            assertThat(List.of(aux[0], aux[2], aux[3], aux[4], aux[5]))
                    .isEqualTo(List.of(sample[0], sample[2], sample[3], sample[4], sample[5]));
            assertThat(aux[6]).isEqualTo("aux");
        }
        assertThat(rows.get(auxAt.get(0))[7]).isEqualTo("2000");
        assertThat(rows.get(auxAt.get(1))[7]).isEqualTo("1000");
        assertThat(Long.parseLong(rows.get(auxAt.get(0))[3]) - clock.originNanos()).isBetween(300_000_000L, 325_000_000L);
    }

    @Test
    void frameRowsFromAnotherThreadAreWrittenWithTheirFraction(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("truth.csv");
        SimClock clock = SimClock.startingNow();
        try (TruthFile truth = TruthFile.create(file, clock)) {
            Thread camera = new Thread(() -> {
                truth.addFrame(0, 33_333_333, 0);
                truth.addFrame(1, 66_666_667, 375);
                truth.addFrame(2, 100_000_000, 1000);
            });
            camera.start();
            camera.join();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "0,frame,," + clock.monoNanos(33_333_333) + "," + clock.epochNanos(33_333_333) + ",0,led,0",
                "1,frame,," + clock.monoNanos(66_666_667) + "," + clock.epochNanos(66_666_667) + ",0,led,0.375",
                "2,frame,," + clock.monoNanos(100_000_000) + "," + clock.epochNanos(100_000_000) + ",0,led,1");
    }

    @Test
    void fractionsArePlainDecimals() {
        int[] milli = {0, 1, 5, 50, 120, 375, 500, 999, 1000, -3, 1200};
        String[] text = {"0", "0.001", "0.005", "0.05", "0.12", "0.375", "0.5", "0.999", "1", "0", "1"};
        for (int i = 0; i < milli.length; i++) {
            StringBuilder out = new StringBuilder();
            TruthFile.appendFraction(out, milli[i]);
            assertThat(out.toString()).as("%d thousandths", milli[i]).isEqualTo(text[i]);
        }
    }

    @Test
    void aTruthFileThatCannotBeCreatedFailsBeforeAnythingIsSent(@TempDir Path dir) {
        assertThatThrownBy(() -> TruthFile.create(dir.resolve("missing/truth.csv"), SimClock.startingNow()))
                .isInstanceOf(IOException.class);
    }
}
