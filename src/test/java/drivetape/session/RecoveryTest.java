package drivetape.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.dataset.Frames;
import drivetape.episode.EpisodeLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An episode as a power cut leaves it, mended by recovery: everything found is counted. */
class RecoveryTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};

    @TempDir
    Path root;

    private final ObjectMapper json = new ObjectMapper();

    /** 1500 samples at 50 Hz, 60 frames at 30 fps; the last lines cut, one frame half-written, one missing. */
    private Path crashed(String id) throws Exception {
        Path dir = Files.createDirectories(root.resolve(id).resolve("frames"));
        Path episode = dir.getParent();
        Files.writeString(episode.resolve("metadata.json"), "{\"format\": \"episode/1\", \"episode_id\": \"" + id
                + "\", \"status\": \"recording\", \"started_at\": \"2023-11-14T22:13:20.000Z\", "
                + "\"time_base\": {\"epoch_ns_at_start\": " + T0 + ", \"monotonic_ns_at_start\": 5},"
                + "\"camera\": {\"source\": \"/dev/video0\", \"width\": 4, \"height\": 2, \"fps\": 30.0,"
                + " \"input_format\": \"mjpeg\", \"jpeg_quality\": null},"
                + "\"controller\": {\"port\": \"/dev/ttyACM0\", \"baud\": 115200,"
                + " \"hello\": \"#hello proto=1 fw=1 channels=steering,throttle rate_hz=50\"},"
                + "\"counts\": {\"bad_lines\": 2, \"lost_samples\": 1},"
                + "\"session\": {\"id\": \"s1\", \"episode_index\": 3},"
                + "\"outages\": [{\"device\": \"camera\", \"from_ns\": " + (T0 + 500_000_000L) + ", \"to_ns\": null}]}");
        StringBuilder controls = new StringBuilder("seq,device_us,receive_ns,t_ns,steering,throttle\n");
        for (int i = 0; i < 1500; i++) {
            long deviceUs = 1_000_000 + i * 20_000L;
            // The device clock runs 1000 ppm fast; lines arrive 2-6 ms late.
            long trueNs = T0 + Math.round(i * 20_000_000L / 1.001);
            long receiveNs = trueNs + 2_000_000 + (i * 7919 % 4_000_000);
            controls.append(i + 1).append(',').append(deviceUs).append(',').append(receiveNs).append(',')
                    .append(receiveNs).append(",1500,1500\n");
        }
        controls.append("1501,31000000,17000"); // cut by the power cut
        Files.writeString(episode.resolve("controls.csv"), controls, StandardCharsets.US_ASCII);
        Files.writeString(episode.resolve("events.csv"), "seq,device_us,receive_ns,t_ns,name,value\n"
                + "50,1980000," + (T0 + 990_000_000L) + "," + (T0 + 990_000_000L) + ",failsafe,1\n");
        StringBuilder frames = new StringBuilder("index,t_ns,receive_ns,bytes,file\n");
        for (int i = 0; i < 60; i++) {
            long t = T0 + i * 33_333_333L;
            frames.append(i).append(',').append(t).append(',').append(t + 1_000_000).append(',');
            if (i == 7) {
                frames.append("0,\n"); // dropped while recording
                continue;
            }
            frames.append(JPEG.length).append(",frames/").append(String.format("%06d.jpg", i)).append('\n');
            if (i == 20) {
                Files.write(dir.resolve("000020.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1}); // not whole
            } else if (i != 30) { // 30: never reached the disk
                Files.write(dir.resolve(String.format("%06d.jpg", i)), JPEG);
            }
        }
        frames.append("60,").append(T0 + 60 * 33_333_333L); // cut
        Files.writeString(episode.resolve("frames.csv"), frames, StandardCharsets.US_ASCII);
        Files.write(dir.resolve("000060.jpg.part"), new byte[] {(byte) 0xFF});
        Files.write(dir.resolve("000061.jpg"), JPEG); // written after the last row reached the disk
        Files.write(episode.resolve(".drivetape-reserve"), new byte[1024]);
        Files.writeString(episode.resolve("metadata.json.tmp"), "{half");
        return episode;
    }

    @Test
    void mendsWhatThePowerCutLeftAndCountsIt() throws Exception {
        Path episode = crashed("e1");
        Recovery.Result result = Recovery.recover(episode);

        JsonNode m = json.readTree(episode.resolve("metadata.json").toFile());
        assertThat(m.get("status").asText()).isEqualTo("recovered");
        assertThat(m.get("recovered_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(m.get("episode_id").asText()).isEqualTo("e1");
        assertThat(m.get("session").get("episode_index").asInt()).isEqualTo(3);
        assertThat(m.get("outages").get(0).get("device").asText()).isEqualTo("camera");
        JsonNode counts = m.get("counts");
        assertThat(counts.get("controls").asInt()).isEqualTo(1500);
        assertThat(counts.get("events").asInt()).isEqualTo(1);
        assertThat(counts.get("frames").asInt()).isEqualTo(60);
        assertThat(counts.get("frames_written").asInt()).isEqualTo(57);
        assertThat(counts.get("bad_lines").asInt()).isEqualTo(2);
        JsonNode r = m.get("recovery");
        assertThat(r.get("cut_lines_dropped").asInt()).isEqualTo(2);
        assertThat(r.get("broken_frames").asInt()).isEqualTo(2);
        assertThat(r.get("part_files_removed").asInt()).isEqualTo(1);
        assertThat(r.get("frame_files_without_row").asInt()).isEqualTo(1);
        // The clock fit was redone from the rows: 1000 ppm, and times rewritten on it.
        assertThat(m.get("clock").get("drift_ppm").asDouble()).isBetween(950.0, 1050.0);
        assertThat(m.get("clock").get("times_refined_at_end").asBoolean()).isTrue();
        assertThat(m.get("sync_quality").get("status").asText()).isEqualTo("GOOD");
        assertThat(m.get("duration_s").asDouble()).isBetween(29.9, 30.1);
        // Files: whole rows only, broken frames marked not written, leftovers gone, aligned.csv rebuilt.
        List<String> controls = Files.readAllLines(episode.resolve("controls.csv"));
        assertThat(controls).hasSize(1501);
        assertThat(Files.readString(episode.resolve("controls.csv"))).endsWith("\n");
        Frames frames = Frames.read(episode);
        assertThat(frames.size()).isEqualTo(60);
        assertThat(frames.written(20)).isFalse();
        assertThat(frames.written(30)).isFalse();
        assertThat(frames.written(21)).isTrue();
        assertThat(episode.resolve("frames/000020.jpg")).doesNotExist();
        assertThat(episode.resolve("frames/000060.jpg.part")).doesNotExist();
        assertThat(episode.resolve(".drivetape-reserve")).doesNotExist();
        assertThat(episode.resolve("metadata.json.tmp")).doesNotExist();
        assertThat(episode.resolve(".drivetape-lock")).doesNotExist();
        assertThat(Files.readAllLines(episode.resolve("aligned.csv"))).hasSize(1 + 57);
        assertThat(result.line()).contains("Recovered").contains("2 broken frame(s)");
    }

    @Test
    void aLiveEpisodeIsRefusedAndAFinishedOneHasNothingToRecover() throws Exception {
        Path live = crashed("live");
        try (EpisodeLock held = EpisodeLock.tryAcquire(live)) {
            assertThat(held).isNotNull();
            assertThatThrownBy(() -> Recovery.recover(live)).isInstanceOf(Recovery.RecoveryRefused.class)
                    .hasMessageContaining("being recorded by a running drivetape");
            assertThat(Recovery.recoverAll(root, s -> { }, s -> { })).isZero();
        }
        assertThat(json.readTree(live.resolve("metadata.json").toFile()).get("status").asText()).isEqualTo("recording");
        Recovery.recover(live);
        assertThatThrownBy(() -> Recovery.recover(live)).isInstanceOf(Recovery.RecoveryRefused.class)
                .hasMessageContaining("nothing to recover");
    }

    @Test
    void atTheStartOfASessionEveryLeftOverEpisodeIsRecovered() throws Exception {
        crashed("a");
        crashed("b");
        List<String> said = new java.util.ArrayList<>();
        assertThat(Recovery.recoverAll(root, said::add, said::add)).isEqualTo(2);
        assertThat(said).hasSize(2).allMatch(s -> s.startsWith("Recovered "));
        assertThat(Recovery.recoverAll(root, said::add, said::add)).isZero();
    }
}
