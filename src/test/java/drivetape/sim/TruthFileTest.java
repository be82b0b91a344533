package drivetape.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
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
        SimConfig config = SimConfig.defaults().withRateHz(100).withSeed(12).withDriftPpm(-3000).withJitterMs(5)
                .withQuantumMs(4).withT0Us((1L << 32) - 200_000).withFirstSeq((1L << 32) - 5)
                .withCorruptEvery(7).withLoseEvery(11).withFailsafe(0.2, 0.1).withBootNoise(true);
        List<GeneratedLine> expected = GeneratedLine.until(config, 600_000_000L).stream()
                .filter(l -> l.kind() == ScheduledLine.Kind.SAMPLE || l.kind() == ScheduledLine.Kind.EVENT)
                .toList();
        Path file = dir.resolve("truth.csv");
        long before = System.nanoTime();
        long wallBefore = System.currentTimeMillis() * 1_000_000L;
        try (ControllerRunner runner = ControllerRunner.start(new ControllerSchedule(config),
                new ByteArrayOutputStream(), Duration.ofMillis(600), TruthFile.create(file))) {
            runner.awaitFinished();
            assertThat(runner.failure()).isEmpty();
        }
        long after = System.nanoTime();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("seq,kind,device_us,true_mono_ns,true_epoch_ns,corrupt");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
        assertThat(rows).hasSize(expected.size());
        long monoMinusSchedule = Long.parseLong(rows.get(0)[3]) - expected.get(0).measuredNanos();
        long epochMinusMono = Long.parseLong(rows.get(0)[4]) - Long.parseLong(rows.get(0)[3]);
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            GeneratedLine line = expected.get(i);
            assertThat(row).hasSize(6);
            assertThat(Long.parseLong(row[0])).isEqualTo(line.seq());
            assertThat(row[1]).isEqualTo(line.kind() == ScheduledLine.Kind.SAMPLE ? "sample" : "event");
            assertThat(Long.parseLong(row[2])).isEqualTo(line.deviceUs() % (1L << 32));
            assertThat(line.text()).startsWith((row[1].equals("sample") ? "$" : "!") + row[0] + "," + row[2] + ",");
            // One offset between schedule time and CLOCK_MONOTONIC for all rows: the runner's start.
            assertThat(Long.parseLong(row[3]) - line.measuredNanos()).isEqualTo(monoMinusSchedule);
            assertThat(Long.parseLong(row[4]) - Long.parseLong(row[3])).isEqualTo(epochMinusMono);
            assertThat(row[5]).isEqualTo(line.corrupt() ? "1" : "0");
        }
        assertThat(monoMinusSchedule).isBetween(before, after);
        assertThat(rows.stream().filter(r -> r[5].equals("1")).count()).isPositive();
        assertThat(rows.stream().filter(r -> r[1].equals("event")).count()).isEqualTo(2);
        assertThat(rows.stream().map(r -> Long.parseLong(r[0]))).contains(0L); // seq wrapped
        long firstEpoch = Long.parseLong(rows.get(0)[4]);
        assertThat(firstEpoch).isBetween(wallBefore - 2_000_000_000L, wallBefore + 5_000_000_000L);
    }

    @Test
    void aTruthFileThatCannotBeCreatedFailsBeforeAnythingIsSent(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TruthFile.create(dir.resolve("missing/truth.csv")))
                .isInstanceOf(java.io.IOException.class);
    }
}
