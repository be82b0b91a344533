package drivetape.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drivetape} command: one subcommand per job. */
@Command(name = "drivetape",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Records synchronised camera + RC control episodes for training self-driving cars.",
        subcommands = {RecordCommand.class, DemoCommand.class, SimulateCommand.class, AlignCommand.class,
                ReportCommand.class, DriveCommand.class, RecoverCommand.class, DevicesCommand.class,
                ExportCommand.class, BenchCommand.class, ReviewCommand.class, CalibrateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError) {
                commandLine.getErr().println("drivetape: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("drivetape: " + ex.getMessage()
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
