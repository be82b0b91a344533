package drivetape.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** A .deb file, read with dpkg-deb as a packager would. */
record Deb(Path file) {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** A control field (Package, Architecture, Depends...). */
    String field(String name) throws IOException, InterruptedException {
        return dpkgDeb("--field", file.toString(), name).trim();
    }

    /** The Depends field, one relation (with its alternatives) per element. */
    List<String> depends() throws IOException, InterruptedException {
        return Arrays.stream(field("Depends").split(",")).map(String::trim).toList();
    }

    /** A control member (postinst, conffiles...). */
    String control(String member) throws IOException, InterruptedException {
        return dpkgDeb("--info", file.toString(), member);
    }

    /** The data paths ("./usr/bin/drivetape"...), each with its mode ("-rwxr-xr-x ./usr/bin/drivetape"). */
    List<String> contents() throws IOException, InterruptedException {
        return dpkgDeb("--contents", file.toString()).lines()
                .map(line -> line.split("\\s+"))
                .map(f -> f[0] + " " + f[f.length - 1])
                .toList();
    }

    /** The installed paths, without the leading "./". */
    List<String> paths() throws IOException, InterruptedException {
        return contents().stream().map(entry -> entry.substring(entry.indexOf(" ./") + 3)).toList();
    }

    /** The text of one installed file ("etc/default/drivetape"). */
    String text(String path) throws IOException, InterruptedException {
        return Command.bash(file.getParent(), TIMEOUT,
                "dpkg-deb --fsys-tarfile '" + file + "' | tar -xO './" + path + "'").ok();
    }

    /** Extracts one installed file into {@code directory} and returns where it is. */
    Path extract(String path, Path directory) throws IOException, InterruptedException {
        Command.bash(file.getParent(), TIMEOUT,
                "dpkg-deb --fsys-tarfile '" + file + "' | tar -x -C '" + directory + "' './" + path + "'").ok();
        return directory.resolve(path);
    }

    private static String dpkgDeb(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "dpkg-deb";
        System.arraycopy(args, 0, command, 1, args.length);
        return Command.run(Path.of("/"), TIMEOUT, command).ok();
    }
}
