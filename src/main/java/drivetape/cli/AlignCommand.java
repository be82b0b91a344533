package drivetape.cli;

import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.dataset.Episode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code drivetape align EPISODE}: (re)builds an episode's aligned.csv from its controls.csv and frames.csv. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = {"(Re)builds EPISODE/aligned.csv, the training table: one row per written frame with each "
                + "channel interpolated at the frame's time.",
            "Frames with no control sample within 100 ms, or captured while a channel reads 0, are left out."})
final class AlignCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EPISODE", description = "An episode directory.")
    Path episode;

    @Override
    public Integer call() {
        AlignCounts counts;
        try {
            counts = AlignedTable.write(Episode.read(episode));
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        spec.commandLine().getOut().println(counts.line());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
