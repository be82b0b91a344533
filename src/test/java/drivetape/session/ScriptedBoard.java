package drivetape.session;

import drivetape.sim.InProcessLink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleFunction;

/**
 * A board for in-process session tests: says hello, then sends a sample every 20 ms of real time whose
 * values a script gives as a function of seconds since the first sample; a native-USB board (link=usb), so
 * its lines' times need no UART correction. When the script's number of values changes, the board says a
 * new hello first (a board change: steering, throttle, then aux). Runs on its own thread until closed.
 */
final class ScriptedBoard implements AutoCloseable {
    private final InProcessLink link = new InProcessLink();
    private final DoubleFunction<int[]> values;
    private final String channels;
    private volatile boolean running = true;
    private final Thread thread;

    ScriptedBoard(String channels, DoubleFunction<int[]> values) {
        this.channels = channels;
        this.values = values;
        this.thread = new Thread(this::run, "scripted-board");
        thread.setDaemon(true);
    }

    InProcessLink link() {
        return link;
    }

    void start() {
        thread.start();
    }

    private void run() {
        OutputStream out = link.controllerSide();
        long seq = 1;
        long t0 = System.nanoTime();
        try {
            write(out, hello(channels));
            int width = channels.split(",").length;
            for (long n = 0; running; n++) {
                long due = t0 + n * 20_000_000L;
                LockSupport.parkNanos(due - System.nanoTime());
                int[] v = values.apply(n * 0.02);
                if (v.length != width) {
                    width = v.length;
                    write(out, hello(String.join(",", java.util.List.of("steering", "throttle", "aux", "ch4")
                            .subList(0, width))));
                }
                StringBuilder body = new StringBuilder().append(seq++).append(',').append(1_000_000 + n * 20_000);
                for (int x : v) {
                    body.append(',').append(x);
                }
                write(out, framed('$', body.toString()));
            }
        } catch (IOException e) {
            // The link closed: the test is over.
        }
    }

    private static String hello(String channels) {
        return "#hello proto=1 fw=test channels=" + channels + " rate_hz=50 link=usb";
    }

    static String framed(char marker, String body) {
        int x = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            x ^= b & 0xFF;
        }
        return marker + body + "*" + String.format(Locale.ROOT, "%02X", x);
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
