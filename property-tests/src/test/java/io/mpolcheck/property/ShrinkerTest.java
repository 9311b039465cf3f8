package io.mpolcheck.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    @Test
    void minimize_findsTheTwoCulprits() {
        List<Integer> all = IntStream.range(0, 40).boxed().toList();
        List<Integer> min = Shrinker.minimize(all, l -> l.contains(7) && l.contains(31));
        assertThat(min).containsExactly(7, 31);
    }

    @Test
    void minimize_keepsOrderDependentFailures() {
        List<Integer> all = IntStream.range(0, 25).boxed().toList();
        List<Integer> min = Shrinker.minimize(all, l -> l.indexOf(3) >= 0 && l.indexOf(20) > l.indexOf(3) && l.size() >= 3);
        assertThat(min).hasSize(3).contains(3, 20);
    }

    @Test
    void minimize_ofAOneElementListIsItself() {
        assertThat(Shrinker.minimize(List.of(1), l -> true)).containsExactly(1);
    }
}
