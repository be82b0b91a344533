package drivetape.status;

import static org.assertj.core.api.Assertions.assertThat;

import drivetape.session.SessionCounts;
import org.junit.jupiter.api.Test;

class ProgressWatchTest {

    private static SessionCounts counts(long controls, long frames, long queue, long dropped) {
        return new SessionCounts(controls, frames, dropped, queue, 0, 0, 0);
    }

    @Test
    void progressLineShowsWhatTheDesignAsksFor() {
        ProgressWatch watch = new ProgressWatch(30);
        assertThat(watch.progress(5.2, counts(260, 156, 3, 1), 10.0))
                .isEqualTo("    5s | controls 260 | frames 156 | write queue 3 | dropped 1 | remaining 5s");
        assertThat(watch.progress(5.2, counts(260, 156, 3, 1), null)).endsWith("until Ctrl+C");
    }

    @Test
    void warnsOnceWhenTheQueuePassesTenAndFifty() {
        ProgressWatch watch = new ProgressWatch(30);
        assertThat(watch.warnings(1, counts(50, 30, 5, 0))).isEmpty();
        assertThat(watch.warnings(2, counts(100, 60, 12, 0))).singleElement().asString().contains("struggling");
        assertThat(watch.warnings(3, counts(150, 90, 14, 0))).isEmpty();
        assertThat(watch.warnings(4, counts(200, 120, 60, 0))).singleElement().asString().contains("too slow");
        assertThat(watch.warnings(5, counts(250, 150, 70, 0))).isEmpty();
        assertThat(watch.warnings(6, counts(300, 180, 2, 0))).isEmpty();
        assertThat(watch.warnings(7, counts(350, 210, 11, 0))).singleElement().asString().contains("struggling");
    }

    @Test
    void warnsWhenAStreamIsClearlyBelowItsExpectedRate() {
        ProgressWatch watch = new ProgressWatch(30);
        watch.expectControlHz(50);
        for (int s = 0; s <= 3; s++) {
            // Frames at 20 fps, controls at the full 50 Hz.
            var warnings = watch.warnings(s, counts(50L * s, 20L * s, 0, 0));
            if (s < 3) {
                assertThat(warnings).isEmpty();
            } else {
                assertThat(warnings).containsExactly("camera delivering 20.0 fps, 30 expected");
            }
        }
        // Said once, not every second.
        assertThat(watch.warnings(4, counts(200, 80, 0, 0))).isEmpty();
    }
}
