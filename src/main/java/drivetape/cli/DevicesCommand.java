package drivetape.cli;

import drivetape.devices.DeviceScan;
import drivetape.devices.DeviceScanner;
import drivetape.devices.DevicesJson;
import drivetape.devices.DevicesText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drivetape devices [--json]}: the serial ports and cameras attached, to fill in --serial and --camera. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"Lists the serial ports (/dev/ttyACM*, /dev/ttyUSB*) and cameras (/dev/video*) attached: what"
                + " each likely is, its USB ids, whether you may open it (and how to fix that), FTDI latency"
                + " timers, and the MJPEG sizes and rates each camera offers (through v4l2-ctl, from v4l-utils).",
                "Exits 0 also when nothing is attached."})
final class DevicesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the devices as one JSON object.")
    boolean json;

    // Made when the command runs: picocli builds every subcommand for any command line.
    private final Supplier<DeviceScanner> scanner;

    DevicesCommand() {
        this(DeviceScanner::system);
    }

    DevicesCommand(Supplier<DeviceScanner> scanner) {
        this.scanner = scanner;
    }

    @Override
    public Integer call() {
        DeviceScan scan = scanner.get().scan();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? DevicesJson.render(scan) + "\n" : DevicesText.render(scan));
        out.flush();
        return 0;
    }
}
