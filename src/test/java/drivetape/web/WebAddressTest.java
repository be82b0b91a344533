package drivetape.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebAddressTest {
    @Test
    void aPortAloneIsLoopback() {
        WebAddress a = WebAddress.parse("8887", "--web");
        assertThat(a).isEqualTo(new WebAddress("127.0.0.1", 8887));
        assertThat(a.isLoopback()).isTrue();
    }

    @Test
    void aHostMayBeGiven() {
        assertThat(WebAddress.parse("0.0.0.0:80", "--web")).isEqualTo(new WebAddress("0.0.0.0", 80));
        assertThat(WebAddress.parse("0.0.0.0:80", "--web").isLoopback()).isFalse();
        assertThat(WebAddress.parse("[::1]:9000", "--web")).isEqualTo(new WebAddress("::1", 9000));
        assertThat(WebAddress.parse("[::1]:9000", "--web").authority()).isEqualTo("[::1]:9000");
        assertThat(WebAddress.parse("localhost:9000", "--web").isLoopback()).isTrue();
    }

    @Test
    void badValuesSayWhatToType() {
        for (String bad : new String[] {"", "abc", "0", "65536", ":8887", "host:", "a b:80", "-1"}) {
            assertThatThrownBy(() -> WebAddress.parse(bad, "--web")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--web takes [HOST:]PORT");
        }
    }
}
