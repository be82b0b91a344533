package drivetape.serial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelloTest {

    @Test
    void parsesTheProtocolExample() {
        Hello hello = Hello.parse("hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50");
        assertThat(hello).isNotNull();
        assertThat(hello.protocolVersion()).isEqualTo(1);
        assertThat(hello.firmware()).isEqualTo("1.0.0");
        assertThat(hello.channels()).containsExactly("steering", "throttle");
        assertThat(hello.rateHz()).isEqualTo(50.0);
        assertThat(hello.text()).isEqualTo("hello proto=1 fw=1.0.0 channels=steering,throttle rate_hz=50");
    }

    @Test
    void keysInAnyOrderUnknownKeysIgnored() {
        Hello hello = Hello.parse("hello rate_hz=62.5 board=uno channels=steering,throttle,aux  fw=2.1 proto=1 x");
        assertThat(hello).isNotNull();
        assertThat(hello.channels()).containsExactly("steering", "throttle", "aux");
        assertThat(hello.rateHz()).isEqualTo(62.5);
        assertThat(hello.firmware()).isEqualTo("2.1");
        assertThat(hello.protocolVersion()).isEqualTo(1);
    }

    @Test
    void onlyChannelsIsRequired() {
        Hello hello = Hello.parse("hello channels=steering");
        assertThat(hello).isNotNull();
        assertThat(hello.channels()).containsExactly("steering");
        assertThat(hello.protocolVersion()).isEqualTo(-1);
        assertThat(hello.firmware()).isEmpty();
        assertThat(hello.rateHz()).isZero();
        assertThat(hello.link()).isEqualTo(Hello.Link.UART);
        assertThat(hello.caps()).isEmpty();
    }

    @Test
    void linkAndCapsAreRead() {
        Hello hello = Hello.parse("hello proto=1 fw=2.0 channels=a,b rate_hz=50 link=usb caps=ping,blink");
        assertThat(hello.link()).isEqualTo(Hello.Link.USB);
        assertThat(hello.can("ping")).isTrue();
        assertThat(hello.can("blink")).isTrue();
        assertThat(Hello.parse("hello channels=a caps=none").caps()).isEmpty();
        assertThat(Hello.parse("hello channels=a link=uart").link()).isEqualTo(Hello.Link.UART);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello proto=1 fw=1.0.0 rate_hz=50",
        "hello proto=1 channels= rate_hz=50",
        "hello channels=steering,,throttle",
        "hello channels=steering,throttle,",
        "hello channels=,steering",
        "hello channels=steering,steering",
        "hello channels=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q",
        // A hello that cannot be right (info lines carry no checksum): a bad line, not believed.
        "hello proto=1 channels=c0 rate_hz=-5",
        "hello proto=1 channels=a,b rate_hz=0",
        "hello proto=1 channels=a,b rate_hz=fast",
        "hello proto=2 channels=a,b rate_hz=50",
        "hello proto=one channels=a,b",
        "hello",
        "hellochannels=a,b",
        "goodbye channels=a,b",
        "",
    })
    void invalidHellosAreNull(String text) {
        assertThat(Hello.parse(text)).isNull();
    }

    @Test
    void sixteenChannelsIsTheLimit() {
        Hello hello = Hello.parse("hello channels=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p");
        assertThat(hello).isNotNull();
        assertThat(hello.channels()).hasSize(ControlRecord.MAX_CHANNELS);
    }
}
