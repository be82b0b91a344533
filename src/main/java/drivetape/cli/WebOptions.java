package drivetape.cli;

import drivetape.status.StatusLine;
import drivetape.web.WebAddress;
import drivetape.web.WebException;
import drivetape.web.WebServer;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --web [HOST:]PORT} of {@code drive} and {@code record}: the car's web page, off unless given. */
final class WebOptions {
    @Option(names = "--web", paramLabel = "[HOST:]PORT",
            description = "Serve the web page (live camera and controls, start/stop, episode review) on PORT,"
                    + " host 127.0.0.1 unless given; another host (e.g. 0.0.0.0:8887) prints a URL with a token"
                    + " that every request needs.")
    String web;

    /** Checks the value now, before anything opens. */
    WebAddress address() {
        return web == null ? null : parse(web, "--web");
    }

    static WebAddress parse(String text, String option) {
        try {
            return WebAddress.parse(text, option);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Starts the server (before the devices open, so a taken port costs nothing); null without --web. */
    WebServer start(Path dataRoot, StatusLine status) {
        WebAddress address = address();
        return address == null ? null : serve(address, dataRoot, true, status);
    }

    /** @param forSession for drive and record (a session comes once the devices are open); false for review */
    static WebServer serve(WebAddress address, Path dataRoot, boolean forSession, StatusLine status) {
        try {
            WebServer server = WebServer.start(address, dataRoot, forSession);
            status.info("Web page: " + server.url());
            return server;
        } catch (WebException | IOException e) {
            throw new UserError(e.getMessage());
        }
    }
}
