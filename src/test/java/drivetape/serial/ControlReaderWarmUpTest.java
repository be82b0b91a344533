package drivetape.serial;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.handoff.SpscRing;
import drivetape.handoff.Wakeup;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControlReaderWarmUpTest {

    @Test
    void warmUpRunsTheReaderToTheEndAndLeavesNoThreadBehind() {
        ControlReader.warmUp();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(ControlReader.THREAD_NAME));
    }

    @Test
    void aReplayLinkIsReadLikeAPortAndThenEnds() throws Exception {
        String body = "1,20000,1500,1400";
        byte[] bytes = ("#hello proto=1 fw=t channels=a,b rate_hz=50\n$" + body + "*"
                + String.format("%02X", Checksum.xor(body)) + "\n").getBytes(StandardCharsets.US_ASCII);
        SpscRing<ControlRecord> ring = new SpscRing<>(8, ControlRecord::new, new Wakeup());
        RunningReader reader = RunningReader.of(new ReplayLink(bytes, 5), ring);
        while (reader.reading()) {
            Thread.sleep(5);
        }
        assertThat(ring.peek().kind).isEqualTo(RecordKind.HELLO);
        ring.release();
        assertThat(ring.peek().kind).isEqualTo(RecordKind.SAMPLE);
        assertThat(ring.peek().values[1]).isEqualTo(1400);
        assertThat(reader.counters().bytesRead()).isEqualTo(bytes.length);
        reader.close();
    }
}
