package drivetape.web;

import com.fasterxml.jackson.databind.JsonNode;
import drivetape.runner.Agent;
import io.javalin.http.sse.SseClient;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * {@code /api/events}: the status JSON pushed to every open page as a Server-Sent Event, four times a second,
 * from the web's own thread ({@code drivetape-web-status}). Nothing is built while no page is open.
 */
final class StatusPush implements Agent {
    static final long INTERVAL_MS = 250;

    private final Supplier<JsonNode> status;
    private final CopyOnWriteArrayList<SseClient> clients = new CopyOnWriteArrayList<>();

    StatusPush(Supplier<JsonNode> status) {
        this.status = status;
    }

    @Override
    public String name() {
        return "drivetape-web-status";
    }

    void add(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendEvent("status", status.get().toString());
    }

    @Override
    public int doWork() throws InterruptedException {
        Thread.sleep(INTERVAL_MS);
        if (clients.isEmpty()) {
            return 0;
        }
        String data = status.get().toString();
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
            } else {
                c.sendEvent("status", data);
            }
        }
        return clients.size();
    }

    @Override
    public void onClose() {
        for (SseClient c : clients) {
            c.close();
        }
        clients.clear();
    }
}
