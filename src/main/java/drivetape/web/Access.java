package drivetape.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the web page, decided per request before any route runs: the token (when bound beyond
 * loopback), the Host (no DNS rebinding onto a loopback server), and cross-origin rules (a page elsewhere
 * can neither change anything nor read the API). Pure: a request's headers in, a verdict out.
 */
public final class Access {
    /** The cookie the token is kept in after the first visit with {@code ?token=}. */
    public static final String COOKIE = "drivetape_token";
    public static final String JSON = "application/json";
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    private final String token;

    private Access(String token) {
        this.token = token;
    }

    /** No token: only for a loopback bind, where the Host must name loopback. */
    public static Access loopback() {
        return new Access(null);
    }

    public static Access withToken(String token) {
        return new Access(token);
    }

    /** 32 random bytes, URL-safe. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String token() {
        return token;
    }

    /**
     * What one request carries that matters here (null when absent).
     *
     * @param host the Host header
     */
    public record Request(String method, String queryToken, String cookieToken, String authorization, String host,
                          String origin, String secFetchSite, String secFetchMode, String contentType) {
    }

    /**
     * @param status 0 when allowed, else the HTTP status to answer with {@code message}
     * @param setCookie the token came in the query: keep it in a cookie for the page's next requests
     */
    public record Verdict(int status, String message, boolean setCookie) {
        static final Verdict OK = new Verdict(0, null, false);

        public boolean allowed() {
            return status == 0;
        }

        static Verdict deny(int status, String message) {
            return new Verdict(status, message, false);
        }
    }

    public Verdict check(Request r) {
        boolean setCookie = false;
        if (token == null) {
            if (r.host() == null || !LOOPBACK_HOSTS.contains(hostName(r.host()))) {
                return Verdict.deny(403, "this server answers only to 127.0.0.1 / localhost");
            }
        } else {
            String bearer = bearer(r.authorization());
            if (bearer == null && r.queryToken() == null && r.cookieToken() == null) {
                return Verdict.deny(401, "a token is needed: open the URL drivetape printed at start"
                        + " (http://HOST:PORT/?token=...)");
            }
            boolean good = matches(bearer) || matches(r.cookieToken());
            if (!good && matches(r.queryToken())) {
                good = true;
                setCookie = true;
            }
            if (!good) {
                return Verdict.deny(403, "wrong token: open the URL drivetape printed at start");
            }
        }
        String method = r.method().toUpperCase(Locale.ROOT);
        boolean mutation = !method.equals("GET") && !method.equals("HEAD");
        String site = r.secFetchSite() == null ? null : r.secFetchSite().toLowerCase(Locale.ROOT);
        if (mutation) {
            if (r.origin() != null && !r.origin().equalsIgnoreCase("http://" + r.host())) {
                return Verdict.deny(403, "cross-origin request refused (Origin " + r.origin() + ")");
            }
            if (site != null && !site.equals("same-origin") && !site.equals("none")) {
                return Verdict.deny(403, "cross-origin request refused (Sec-Fetch-Site " + site + ")");
            }
            if (!isJson(r.contentType())) {
                return Verdict.deny(415, "changes are made with Content-Type: " + JSON);
            }
        } else if ("cross-site".equals(site) && !"navigate".equalsIgnoreCase(r.secFetchMode())) {
            // Following a link from elsewhere opens the page; another site's script or <img> gets nothing.
            return Verdict.deny(403, "cross-origin request refused (Sec-Fetch-Site cross-site)");
        }
        return setCookie ? new Verdict(0, null, true) : Verdict.OK;
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(JSON);
    }

    /** The Host header without its port ("[::1]" keeps its brackets). */
    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
