package drivetape.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CloseGateTest {
    private final AtomicInteger releases = new AtomicInteger();
    private final CloseGate gate = new CloseGate(releases::incrementAndGet);

    @Test
    void closeWhileIdleReleasesAtOnceAndOnlyOnce() {
        gate.close();
        gate.close();
        assertThat(releases.get()).isEqualTo(1);
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void closeDuringACallLeavesTheReleaseToTheCallAsItEnds() {
        assertThat(gate.enter()).isTrue();
        gate.close();
        assertThat(releases.get()).as("released under a running call").isZero();
        assertThat(gate.closeRequested()).isTrue();
        assertThat(gate.exit()).as("the call learns its result is void").isTrue();
        assertThat(releases.get()).isEqualTo(1);
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void aCallWithoutCloseReleasesNothing() {
        assertThat(gate.enter()).isTrue();
        assertThat(gate.exit()).isFalse();
        assertThat(releases.get()).isZero();
    }

    @Test
    void aSecondThreadInsideAtTheSameTimeIsAnError() throws Exception {
        assertThat(gate.enter()).isTrue();
        Throwable[] seen = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                gate.enter();
            } catch (Throwable t) {
                seen[0] = t;
            }
        });
        other.start();
        other.join();
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
        gate.exit();
        assertThat(gate.enter()).isTrue();
        gate.exit();
        assertThat(releases.get()).isZero();
        assertThatThrownBy(() -> {
            throw seen[0];
        }).hasMessageContaining("one thread at a time");
    }
}
