package drivetape.cli;

import drivetape.session.Recovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code drivetape recover EPISODE...}: mends episodes a crash or power cut left behind. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        description = {"Mends episodes a crash or a power cut left with status 'recording': drops cut-short CSV"
                + " lines, removes half-written frames, redoes the clock fit, rebuilds aligned.csv and"
                + " metadata.json (status 'recovered').",
                "Refuses an episode a running drivetape is still recording. 'drive' does this by itself at start."})
final class RecoverCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "EPISODE", description = "Episode directories.")
    List<Path> episodes;

    @Override
    public Integer call() {
        int refused = 0;
        for (Path episode : episodes) {
            try {
                spec.commandLine().getOut().println(Recovery.recover(episode.toAbsolutePath().normalize()).line());
            } catch (Recovery.RecoveryRefused e) {
                spec.commandLine().getErr().println("drivetape: " + e.getMessage());
                refused++;
            } catch (IOException | RuntimeException e) {
                throw new UserError("cannot recover " + episode + ": " + e.getMessage());
            }
        }
        spec.commandLine().getOut().flush();
        return refused == 0 ? 0 : 2;
    }
}
