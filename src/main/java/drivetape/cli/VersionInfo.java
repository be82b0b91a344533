package drivetape.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.bytedeco.javacpp.Loader;
import picocli.CommandLine;

/** {@code drivetape --version}: the version from the pom (filtered into version.properties), Java, natives. */
final class VersionInfo implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/drivetape/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {
            "drivetape " + version(),
            "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                    + System.getProperty("java.vendor") + ", " + System.getProperty("java.vm.name") + ")",
            "native platform " + Loader.getPlatform(),
        };
    }

    /** The pom's project.version, which the build writes into the resource. */
    static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: build drivetape with Maven");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
