package drivetape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import drivetape.devices.DeviceScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VersionAndDevicesCommandTest {

    @TempDir
    Path dir;

    /** The project's version as the pom says it (surefire runs in the project directory). */
    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<artifactId>drivetape</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("project version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void versionPrintsThePomVersionTheJavaRuntimeAndTheNativePlatform() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("--version");
        } finally {
            System.setOut(original);
        }

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).split("\n")).containsExactly(
                "drivetape " + pomVersion(),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ", "
                        + System.getProperty("java.vm.name") + ")",
                "native platform " + Loader.getPlatform());
        assertThat(Loader.getPlatform()).matches("linux-(x86_64|arm64)");
    }

    @Test
    void devicesWithNothingAttachedExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DevicesCommand(
                () -> new DeviceScanner(dir, device -> true, device -> null)));
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute()).isZero();
        assertThat(out.toString()).contains("none found: no /dev/ttyACM* or /dev/ttyUSB*.")
                .endsWith("Nothing attached.\n");
    }

    @Test
    void devicesJsonWithNothingAttached() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new DevicesCommand(
                () -> new DeviceScanner(dir, device -> true, device -> null)));
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("serial_ports").size()).isZero();
        assertThat(json.get("cameras").size()).isZero();
    }

    @Test
    void devicesIsASubcommandOfDrivetape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("devices", "--help");
        } finally {
            System.setOut(original);
        }

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: drivetape devices [-hV] [--json]");
    }
}
