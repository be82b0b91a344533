package drivetape.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the web page listens: {@code --web [HOST:]PORT}, host 127.0.0.1 unless given. Any address other than
 * loopback makes every request need the session's token (see {@link Access}).
 */
public record WebAddress(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Parses {@code [HOST:]PORT} ({@code [::1]:8080} for IPv6); the message says what to type instead. */
    public static WebAddress parse(String text, String option) {
        String usage = option + " takes [HOST:]PORT, e.g. " + option + " 8887 or " + option + " 0.0.0.0:8887";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(usage);
        }
        String host = DEFAULT_HOST;
        String port = text.trim();
        int colon = port.lastIndexOf(':');
        if (colon >= 0) {
            host = port.substring(0, colon);
            port = port.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
                throw new IllegalArgumentException(usage + " (host '" + host + "' is not a host name or address)");
            }
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(usage + " ('" + port + "' is not a port number)");
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException(usage + " (the port must be 1 to 65535, was " + number + ")");
        }
        return new WebAddress(host, number);
    }

    /** Whether only this machine can reach the address (then no token is asked). */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The address as a URL's authority. */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
