package drivetape.cli;

import drivetape.status.StatusLine;
import drivetape.web.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drivetape review}: the web page's review pages for a folder of episodes, with no session. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"Serves the web page for the episodes under --out with no recording session: play an"
                + " episode, mark ranges as excluded (aligned.csv is rebuilt without them), restore them, move"
                + " an episode to the trash and back.", "Ends on Ctrl+C or SIGTERM."})
final class ReviewCommand implements Callable<Integer> {
    static final String DEFAULT_WEB = "127.0.0.1:8887";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder of episodes.")
    Path out;

    @Option(names = "--web", paramLabel = "[HOST:]PORT", defaultValue = DEFAULT_WEB,
            description = "Where to listen (default: ${DEFAULT-VALUE}); another host than loopback prints a URL"
                    + " with a token that every request needs.")
    String web;

    @Override
    public Integer call() throws InterruptedException {
        var address = WebOptions.parse(web, "--web");
        if (!Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is not a folder of episodes (give the --out a drive or record"
                    + " wrote into)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        SignalStop.install(c -> stop.countDown());
        try (WebServer server = WebOptions.serve(address, out, false, StatusLine.forStderr())) {
            stop.await();
        }
        return 0;
    }
}
