package drivetape.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessTest {
    private static final String HOST = "192.168.1.20:8887";
    private final Access tokened = Access.withToken("s3cret");

    private static Access.Request get(String query, String cookie, String auth) {
        return new Access.Request("GET", query, cookie, auth, HOST, null, null, null, null);
    }

    private static Access.Request post(String origin, String site, String contentType) {
        return new Access.Request("POST", null, "s3cret", null, HOST, origin, site, "cors", contentType);
    }

    @Test
    void aRequestWithoutTheTokenIs401AndAWrongOne403() {
        assertThat(tokened.check(get(null, null, null)).status()).isEqualTo(401);
        assertThat(tokened.check(get("nope", null, null)).status()).isEqualTo(403);
        assertThat(tokened.check(get(null, "nope", null)).status()).isEqualTo(403);
        assertThat(tokened.check(get(null, null, "Bearer nope")).status()).isEqualTo(403);
        assertThat(tokened.check(get(null, null, "Basic czNjcmV0")).status()).isEqualTo(401);
    }

    @Test
    void theTokenMayComeInTheQueryACookieOrABearerHeaderAndTheQuerySetsTheCookie() {
        Access.Verdict query = tokened.check(get("s3cret", null, null));
        assertThat(query.allowed()).isTrue();
        assertThat(query.setCookie()).isTrue();
        Access.Verdict cookie = tokened.check(get(null, "s3cret", null));
        assertThat(cookie.allowed()).isTrue();
        assertThat(cookie.setCookie()).isFalse();
        assertThat(tokened.check(get(null, null, "Bearer s3cret")).allowed()).isTrue();
        assertThat(tokened.check(get(null, null, "bearer s3cret")).allowed()).isTrue();
    }

    @Test
    void aLoopbackServerAnswersOnlyToALoopbackHostName() {
        Access open = Access.loopback();
        for (String host : new String[] {"127.0.0.1:8887", "localhost:8887", "[::1]:8887", "LOCALHOST"}) {
            assertThat(open.check(new Access.Request("GET", null, null, null, host, null, null, null, null))
                    .allowed()).as(host).isTrue();
        }
        for (String host : new String[] {"evil.example:8887", "127.0.0.1.evil.example", "", "10.0.0.1"}) {
            assertThat(open.check(new Access.Request("GET", null, null, null, host, null, null, null, null))
                    .status()).as(host).isEqualTo(403);
        }
        assertThat(open.check(new Access.Request("GET", null, null, null, null, null, null, null, null)).status())
                .isEqualTo(403);
    }

    @Test
    void changesNeedJsonAndTheSameOrigin() {
        assertThat(tokened.check(post("http://" + HOST, "same-origin", "application/json")).allowed()).isTrue();
        assertThat(tokened.check(post(null, null, "application/json; charset=utf-8")).allowed()).isTrue();
        assertThat(tokened.check(post("http://evil.example", "cross-site", "application/json")).status())
                .isEqualTo(403);
        assertThat(tokened.check(post(null, "same-site", "application/json")).status()).isEqualTo(403);
        assertThat(tokened.check(post("http://" + HOST, "same-origin", "text/plain")).status()).isEqualTo(415);
        assertThat(tokened.check(post("http://" + HOST, "same-origin", null)).status()).isEqualTo(415);
        assertThat(tokened.check(post("http://" + HOST, "same-origin",
                "application/x-www-form-urlencoded")).status()).isEqualTo(415);
        assertThat(tokened.check(new Access.Request("DELETE", null, "s3cret", null, HOST, null, null, null,
                "application/json")).allowed()).isTrue();
    }

    @Test
    void anotherSiteMayLinkToThePageButNotReadTheApiOrEmbedTheCamera() {
        assertThat(tokened.check(new Access.Request("GET", null, "s3cret", null, HOST, null, "cross-site",
                "navigate", null)).allowed()).isTrue();
        assertThat(tokened.check(new Access.Request("GET", null, "s3cret", null, HOST, null, "cross-site",
                "no-cors", null)).status()).isEqualTo(403);
        assertThat(tokened.check(new Access.Request("GET", null, "s3cret", null, HOST, null, "cross-site",
                "cors", null)).status()).isEqualTo(403);
    }

    @Test
    void tokensAreLongAndUrlSafe() {
        String a = Access.newToken();
        assertThat(a).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+").isNotEqualTo(Access.newToken());
    }
}
