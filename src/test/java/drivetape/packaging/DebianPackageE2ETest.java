package drivetape.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Debian packages for the car, built as {@code mvn -Pdeb package} builds them (in a copy of the checkout,
 * so the running build's target/ is left alone; with its compiled classes), read with dpkg-deb, and, as root,
 * installed with apt-get, run from outside any checkout and purged.
 *
 * <p>Without dpkg-deb, or without root for the install, the tests skip saying why; with {@code CI=true} they
 * fail instead, so a CI machine that cannot run them is not taken for one where they pass.
 */
class DebianPackageE2ETest {
    /** The repository root: Maven runs tests there. */
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path PACKAGE_LIST = ROOT.resolve("scripts/debian-packages.properties");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);
    private static final String LIB = "usr/share/drivetape/lib/";

    /** Each Debian architecture: the JavaCPP classifier of its natives and jSerialComm's directory for them. */
    private static final Map<String, List<String>> NATIVES = Map.of(
            "amd64", List.of("linux-x86_64", "Linux/x86_64"),
            "arm64", List.of("linux-arm64", "Linux/armv8_64"));

    @TempDir
    static Path work;
    private static Path built;

    @BeforeAll
    static void buildThePackages() throws Exception {
        require(Command.onPath("dpkg-deb"), "the Debian package tests need dpkg-deb (apt-get install dpkg)");
        require(Command.onPath("mvn"), "the Debian package tests need Maven on the PATH");
        Path checkout = work.resolve("checkout");
        Files.createDirectories(checkout);
        Files.copy(ROOT.resolve("pom.xml"), checkout.resolve("pom.xml"));
        copyTree(ROOT.resolve("src"), checkout.resolve("src"));
        copyTree(ROOT.resolve("scripts"), checkout.resolve("scripts"));
        // The running build has compiled these sources already (failsafe runs after package): reuse its classes.
        List<String> build = new ArrayList<>(List.of("mvn", "-B", "-q", "-Pdeb", "-Dmaven.test.skip=true", "package"));
        Path classes = ROOT.resolve("target/classes");
        if (Files.isDirectory(classes.resolve("drivetape"))) {
            copyTree(classes, checkout.resolve("target/classes"));
            build.add("-Dmaven.main.skip=true");
        }
        Command.run(checkout, BUILD_TIMEOUT, build.toArray(String[]::new)).ok();
        built = checkout.resolve("target");
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void declaresItsArchitectureAndDependsOnTheOnePackageList(String arch) throws Exception {
        Deb deb = deb(arch);
        assertThat(deb.field("Package")).isEqualTo("drivetape");
        assertThat(deb.field("Architecture")).isEqualTo(arch);
        assertThat(deb.file().getFileName().toString()).isEqualTo("drivetape_" + deb.field("Version") + "_" + arch + ".deb");

        Properties lists = packageLists();
        List<String> expected = new ArrayList<>(relations(lists, "deb"));
        expected.addAll(relations(lists, "runtime"));
        expected.addAll(relations(lists, "runtime." + arch));
        assertThat(deb.depends()).containsExactlyInAnyOrderElementsOf(expected)
                .contains("socat", "libpulse0", "libasound2")
                .anyMatch(relation -> relation.contains("java17-runtime-headless"));
        if (arch.equals("arm64")) {
            assertThat(deb.depends()).contains("libva2", "libva-drm2", "libdrm2");
        } else {
            assertThat(deb.depends()).doesNotContain("libva2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void carriesOnlyItsArchitecturesNatives(String arch) throws Exception {
        Deb deb = deb(arch);
        String classifier = NATIVES.get(arch).get(0);
        List<String> jars = deb.paths().stream().filter(p -> p.startsWith(LIB) && p.endsWith(".jar"))
                .map(p -> p.substring(LIB.length())).toList();
        assertThat(jars)
                .anyMatch(jar -> jar.startsWith("javacpp-") && jar.endsWith("-" + classifier + ".jar"))
                .anyMatch(jar -> jar.startsWith("ffmpeg-") && jar.endsWith("-" + classifier + ".jar"))
                .anyMatch(jar -> jar.startsWith("opencv-") && jar.endsWith("-" + classifier + ".jar"))
                .anyMatch(jar -> jar.startsWith("openblas-") && jar.endsWith("-" + classifier + ".jar"))
                .allMatch(jar -> !jar.contains("-linux-") || jar.endsWith("-" + classifier + ".jar"));

        // Exactly the jar's class path, less the other architectures' natives: nothing missing, nothing extra.
        Path unpacked = Files.createTempDirectory(work, arch);
        List<String> classPath;
        try (JarFile jar = new JarFile(deb.extract("usr/share/drivetape/drivetape.jar", unpacked).toFile())) {
            classPath = Arrays.asList(jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH).split(" "));
        }
        List<String> expected = classPath.stream().map(entry -> entry.substring("lib/".length()))
                .filter(jar -> !jar.contains("-linux-") || jar.endsWith("-" + classifier + ".jar")).toList();
        assertThat(jars).containsExactlyInAnyOrderElementsOf(expected);

        // jSerialComm's jar bundles natives for every OS and CPU: the package keeps this one's Linux native only.
        String serial = jars.stream().filter(jar -> jar.startsWith("jSerialComm-")).findFirst().orElseThrow();
        try (JarFile jar = new JarFile(deb.extract(LIB + serial, unpacked).toFile())) {
            List<String> natives = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".so") || name.endsWith(".dll") || name.endsWith(".jnilib")).toList();
            assertThat(natives).containsExactly(NATIVES.get(arch).get(1) + "/libjSerialComm.so");
            assertThat(jar.getEntry("com/fazecast/jSerialComm/SerialPort.class")).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void installsTheCommandAndADisabledServiceWithItsOptionsInOneConffile(String arch) throws Exception {
        Deb deb = deb(arch);
        assertThat(deb.contents()).contains("-rwxr-xr-x ./usr/bin/drivetape");
        assertThat(deb.paths()).contains("usr/share/drivetape/drivetape.jar", "usr/lib/systemd/system/drivetape.service",
                        "etc/default/drivetape", "usr/share/doc/drivetape/copyright", "usr/share/doc/drivetape/README")
                // Enabling is a symlink under /etc/systemd: the package ships none.
                .noneMatch(path -> path.startsWith("etc/systemd"));
        assertThat(deb.control("conffiles").lines()).containsExactly("/etc/default/drivetape");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            String commands = deb.control(script).lines().filter(line -> !line.trim().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            assertThat(commands).as(script).doesNotContain("systemctl enable", "systemctl start", "--now",
                    "deb-systemd-helper enable", "deb-systemd-invoke start");
        }
        assertThat(deb.control("postinst")).contains("adduser --system", "dialout", "video", "/var/lib/drivetape");

        String unit = deb.text("usr/lib/systemd/system/drivetape.service");
        assertThat(unit.lines()).contains("User=drivetape", "EnvironmentFile=/etc/default/drivetape",
                "KillSignal=SIGTERM", "TimeoutStopSec=30", "WantedBy=multi-user.target")
                .anyMatch(line -> line.startsWith("ExecStart=/usr/bin/drivetape drive --serial ${DRIVETAPE_SERIAL}"
                        + " --camera ${DRIVETAPE_CAMERA} --out ${DRIVETAPE_OUT}"))
                .anyMatch(line -> line.startsWith("SupplementaryGroups=") && line.contains("dialout")
                        && line.contains("video"));
        assertThat(deb.text("etc/default/drivetape").lines()).contains("DRIVETAPE_SERIAL=/dev/ttyACM0",
                "DRIVETAPE_CAMERA=/dev/video0", "DRIVETAPE_OUT=/var/lib/drivetape/episodes",
                "DRIVETAPE_OPTS=\"--record-switch aux\"");
        // The installed command is the launcher's own jar runner, pointed at the package's jar.
        assertThat(deb.text("usr/bin/drivetape")).isEqualTo(Files.readString(ROOT.resolve("scripts/run-jar")))
                .contains("/usr/share/drivetape/drivetape.jar", "--default-signal=INT,TERM");
    }

    @Test
    void installsWithAptRunsTheDemoOutsideAnyCheckoutAndPurges() throws Exception {
        require(Command.onPath("apt-get") && Command.onPath("dpkg"), "installing the package needs apt-get and dpkg");
        String uid = Command.run(work, Duration.ofSeconds(10), "id", "-u").ok().trim();
        require(uid.equals("0"), "installing the package needs root (apt-get install)");
        String arch = Command.run(work, Duration.ofSeconds(10), "dpkg", "--print-architecture").ok().trim();
        require(NATIVES.containsKey(arch), "drivetape is packaged for amd64 and arm64, not " + arch);

        apt("install", deb(arch).file().toString());
        try {
            Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
            assertThat(Command.run(elsewhere, Duration.ofMinutes(1), "/usr/bin/drivetape", "--help").ok())
                    .contains("demo", "record");
            Command demo = Command.run(elsewhere, Duration.ofMinutes(2), "/usr/bin/drivetape", "demo",
                    "--duration", "3", "--out", elsewhere.resolve("episodes").toString());
            Path episode = Path.of(demo.ok().trim());
            // socat comes with the package, so the controller talked over a pty through the cut-down jSerialComm.
            assertThat(demo.stderr()).contains("Sync quality").doesNotContain("in-process link");
            assertThat(episode.getParent()).isEqualTo(elsewhere.resolve("episodes"));
            JsonNode metadata = new ObjectMapper().readTree(episode.resolve("metadata.json").toFile());
            assertThat(metadata.get("status").asText()).isEqualTo("complete");
            assertThat(metadata.get("counts").get("frames").asLong()).isPositive();
            assertThat(metadata.get("counts").get("controls").asLong()).isPositive();

            assertThat(Command.run(work, Duration.ofSeconds(10), "id", "-nG", "drivetape").ok().split("\\s+"))
                    .contains("drivetape", "dialout", "video");
            assertThat(Path.of("/etc/default/drivetape")).isRegularFile();
            assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/drivetape.service")).doesNotExist();
        } finally {
            apt("purge", "drivetape");
        }
        assertThat(Path.of("/usr/bin/drivetape")).doesNotExist();
        assertThat(Path.of("/etc/default/drivetape")).doesNotExist();
        assertThat(Command.run(work, Duration.ofSeconds(10), "getent", "passwd", "drivetape").exitCode()).isNotZero();
    }

    private static Deb deb(String arch) throws IOException {
        try (Stream<Path> files = Files.list(built)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("drivetape_.+_" + arch + "\\.deb")).toList();
            assertThat(debs).as("target/drivetape_<version>_%s.deb", arch).hasSize(1);
            return new Deb(debs.get(0));
        }
    }

    private static Properties packageLists() throws IOException {
        Properties lists = new Properties();
        try (Reader in = Files.newBufferedReader(PACKAGE_LIST)) {
            lists.load(in);
        }
        return lists;
    }

    private static List<String> relations(Properties lists, String key) {
        String value = lists.getProperty(key, "").trim();
        return value.isEmpty() ? Collections.emptyList() : Arrays.stream(value.split(",")).map(String::trim).toList();
    }

    /** apt-get as a user would run it, fetching the package lists once if they are missing or stale. */
    private static void apt(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=300"));
        command.addAll(List.of(args));
        Command result = Command.run(work, APT_TIMEOUT, command.toArray(String[]::new));
        if (result.exitCode() != 0 && (result.stdout() + result.stderr())
                .matches("(?s).*(Unable to locate package|has no installation candidate|Failed to fetch).*")) {
            Command.run(work, APT_TIMEOUT, "apt-get", "-q", "update").ok();
            result = Command.run(work, APT_TIMEOUT, command.toArray(String[]::new));
        }
        result.ok();
    }

    private static void require(boolean condition, String why) {
        if (condition) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(why);
        }
        Assumptions.abort(why);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
