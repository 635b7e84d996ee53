package dev.spotshift.monitor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows cut from a time-ordered copy are the windows the rules were judged on before: same samples, same order. */
class TimeOrderedTest {

    private static List<Sample> shuffled() {
        // out of time order, with two samples at the same instant (their given order must survive)
        return List.of(Samples.healthy("c", 3_000, 5), Samples.healthy("a", 1_000, 5), Samples.healthy("d", 3_000, 7),
                Samples.healthy("b", 2_000, 5), Samples.healthy("e", 5_000, 5), Samples.healthy("f", 4_000, 5));
    }

    @Test
    void givenSamplesOutOfOrder_whenMadeTimeOrdered_thenTheyAreSortedStablyByTime() {
        // When
        TimeOrdered ordered = TimeOrdered.of(shuffled());

        // Then
        assertThat(ordered).extracting(Sample::sampleId).containsExactly("a", "b", "c", "d", "f", "e");
    }

    @Test
    void givenEveryTrailingWindow_whenCutFromTheTimeOrderedCopy_thenItEqualsTheOneFromThePlainList() {
        // Given the same samples as a plain list (the rules' former path) and as a time-ordered copy
        List<Sample> plain = new ArrayList<>(shuffled());
        TimeOrdered ordered = TimeOrdered.of(plain);

        for (long end = 0; end <= 6_000; end += 500) {
            for (long length : new long[] {0, 1, 999, 1_000, 2_000, 10_000}) {
                // When
                Window fast = Window.trailing(ordered, end, length);
                Window before = Window.trailing(plain, end, length);

                // Then the same samples, in the same order, and the same totals
                assertThat(fast.samples()).as("end %d, length %d", end, length).isEqualTo(before.samples());
                assertThat(fast.stats()).isEqualTo(before.stats());
            }
        }
    }

    @Test
    void givenATimeOrderedWindow_whenChanged_thenItRefusesAndTheSamplesStayAsTheyWere() {
        // Given
        TimeOrdered ordered = TimeOrdered.of(shuffled());
        List<Sample> window = Window.trailing(ordered, 3_000, 2_000).samples();

        // When / Then
        assertThatThrownBy(() -> window.add(Samples.healthy("x", 3_000, 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> window.set(0, Samples.healthy("x", 3_000, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(window).extracting(Sample::sampleId).containsExactly("b", "c", "d");
    }
}
