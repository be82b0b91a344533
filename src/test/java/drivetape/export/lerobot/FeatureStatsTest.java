package drivetape.export.lerobot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureStatsTest {
    @Test
    void oneEpisodesStatisticsAreExact() {
        FeatureStats s = FeatureStats.of(new double[][] {{4, 1, 3, 2, 5}}, 5, false);
        assertThat(s.min()).containsExactly(1);
        assertThat(s.max()).containsExactly(5);
        assertThat(s.mean()).containsExactly(3);
        assertThat(s.std()[0]).isCloseTo(Math.sqrt(2), within(1e-12));
        assertThat(s.count()).isEqualTo(5);
        // numpy.quantile([1..5], [0.01, 0.1, 0.5, 0.9, 0.99]) = 1.04, 1.4, 3, 4.6, 4.96
        double[] expected = {1.04, 1.4, 3, 4.6, 4.96};
        for (int q = 0; q < expected.length; q++) {
            assertThat(s.quantiles()[q][0]).isCloseTo(expected[q], within(1e-12));
        }
    }

    @Test
    void episodesCombineAsLeRobotsAggregateStatsDoes() {
        FeatureStats a = FeatureStats.of(new double[][] {{1, 2, 3}}, 3, true);
        FeatureStats b = FeatureStats.of(new double[][] {{10, 20}}, 2, true);
        FeatureStats all = FeatureStats.of(new double[][] {{1, 2, 3, 10, 20}}, 5, true);

        FeatureStats combined = FeatureStats.aggregate(List.of(a, b));

        assertThat(combined.min()).containsExactly(1);
        assertThat(combined.max()).containsExactly(20);
        assertThat(combined.count()).isEqualTo(5);
        assertThat(combined.mean()[0]).isCloseTo(all.mean()[0], within(1e-12));
        assertThat(combined.std()[0]).isCloseTo(all.std()[0], within(1e-12));
        // Quantiles: the count-weighted mean of each episode's, as LeRobot does (not the union's).
        assertThat(combined.quantiles()[2][0]).isCloseTo((2 * 3 + 15 * 2) / 5.0, within(1e-12));
        assertThat((long[]) combined.value("min")).containsExactly(1L);
    }

    @Test
    void imageStatisticsAreShapedThreeByOneByOne() {
        FeatureStats s = new FeatureStats(new double[] {0.1, 0.2, 0.3}, new double[3], new double[3], new double[3],
                7, new double[5][3], false, true);
        assertThat(s.value("min").toString()).isEqualTo("[[[0.1]], [[0.2]], [[0.3]]]");
        assertThat((long[]) s.value("count")).containsExactly(7L);
    }
}
