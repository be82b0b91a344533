package drivetape.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationStoreTest {
    @TempDir
    Path dir;

    private static CameraCalibration calibration(String camera, int width, double fps, double latencyMs) {
        return new CameraCalibration(new CameraKey(camera, width, width * 9 / 16, fps), latencyMs, 0.8, 38,
                "2026-12-03T07:00:00Z", new Region(600, 4, 40, 40));
    }

    @Test
    void savesOnePerCameraSizeAndRateAndReadsThemBack() throws IOException {
        Path file = dir.resolve("drivetape").resolve("calibration.json");
        CalibrationStore store = CalibrationStore.read(file);
        assertThat(store.entries()).isEmpty();
        store.save(calibration("/dev/video0", 640, 30, 55.3));
        store.save(calibration("/dev/video0", 1280, 30, 71.0));
        store.save(calibration("/dev/video0", 640, 30, 54.9)); // again: replaces the first

        CalibrationStore again = CalibrationStore.read(file);
        assertThat(again.entries()).hasSize(2);
        assertThat(again.find(new CameraKey("/dev/video0", 640, 360, 30)).orElseThrow().latencyMs()).isEqualTo(54.9);
        assertThat(again.find(new CameraKey("/dev/video0", 1280, 720, 30)).orElseThrow().ledRegion())
                .isEqualTo(new Region(600, 4, 40, 40));
        assertThat(again.find(new CameraKey("/dev/video0", 640, 360, 15))).isEmpty();
        assertThat(again.find(new CameraKey("/dev/video1", 640, 360, 30))).isEmpty();
        assertThat(Files.readString(file)).contains("\"format\" : \"" + CalibrationStore.FORMAT + "\"");
    }

    @Test
    void aBrokenFileIsAnErrorThatNamesIt() throws IOException {
        Path file = dir.resolve("calibration.json");
        Files.writeString(file, "{\"cameras\": [");
        assertThatThrownBy(() -> CalibrationStore.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("delete it and calibrate again");
    }

    @Test
    void livesUnderXdgConfigHomeElseHomeConfig() {
        assertThat(CalibrationStore.defaultFile(Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/me")))
                .isEqualTo(Path.of("/x/cfg/drivetape/calibration.json"));
        assertThat(CalibrationStore.defaultFile(Map.of("HOME", "/home/me")))
                .isEqualTo(Path.of("/home/me/.config/drivetape/calibration.json"));
        // A relative XDG_CONFIG_HOME is to be ignored (the XDG base directory specification).
        assertThat(CalibrationStore.defaultFile(Map.of("XDG_CONFIG_HOME", "cfg", "HOME", "/home/me")))
                .isEqualTo(Path.of("/home/me/.config/drivetape/calibration.json"));
    }

    @Test
    void regionsParseOrSayHow() {
        assertThat(Region.parse("600, 4,40,40")).isEqualTo(new Region(600, 4, 40, 40));
        assertThatThrownBy(() -> Region.parse("600,4,40")).hasMessageContaining("X,Y,W,H");
        assertThatThrownBy(() -> Region.parse("a,b,c,d")).hasMessageContaining("whole pixels");
        assertThatThrownBy(() -> Region.parse("0,0,0,5")).hasMessageContaining("W and H > 0");
    }
}
