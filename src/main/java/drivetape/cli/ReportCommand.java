package drivetape.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.dataset.Episode;
import drivetape.report.EpisodeReport;
import drivetape.report.ReportChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code drivetape report EPISODE [--json]}: how well an episode was recorded, and report.png. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Prints how well EPISODE was recorded: sync quality (recomputed from the CSV files), rates "
                + "and interval percentiles, drops, errors, the clock fit and the aligned.csv rows.",
            "Also draws EPISODE/report.png: controls, interval histograms, frame offsets and delivery delays."})
final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EPISODE", description = "An episode directory.")
    Path episode;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        EpisodeReport report;
        Path png;
        try {
            Episode data = Episode.read(episode);
            report = EpisodeReport.of(data);
            png = ReportChart.write(data);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode object = (ObjectNode) report.json();
            object.put("report_png", png.toString());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(object));
        } else {
            out.println(report.text());
            out.println(String.format("%-11s%s", "plot", png));
        }
        out.flush();
        return 0;
    }
}
