package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mpolcheck.op.Op;
import io.mpolcheck.scheme.SchemeInfo.Feature;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Scenarios built from features: reproducible from a seed; without features they hold none of
 * the remote-install operations; every feature adds its conflict pairs (each opening two threads'
 * lists) and menu entries to either layout, so a shared-policy scheme that also declares remote
 * install gets both kinds of race; a world that cannot place a feature's pairs is refused.
 */
class ScenarioGeneratorTest {
    private static final int SEEDS = 200;

    private static ScenarioGenerator generator(Set<Feature> features) {
        return new ScenarioGenerator(LincheckBudget.TASK_VMA_WORLD, 3, 2, features);
    }

    private static List<Op> parallelOps(Scenario s) {
        return s.parallel().stream().flatMap(List::stream).toList();
    }

    @Test
    void sameSeed_sameScenario_withOrWithoutFeatures() {
        for (Set<Feature> f : List.of(Set.<Feature>of(), Set.of(Feature.REMOTE_INSTALL), Set.of(Feature.EXIT_ORDER),
                Set.of(Feature.SHARED_POLICY), Set.of(Feature.SHARED_POLICY, Feature.REMOTE_INSTALL, Feature.EXIT_ORDER))) {
            assertThat(generator(f).generate(42)).isEqualTo(generator(f).generate(42));
        }
    }

    @Test
    void withoutFeatures_noRemoteInstallNoKernelEvents_andTheBaseDrawsAreUnchanged() {
        ScenarioGenerator plain = new ScenarioGenerator(LincheckBudget.TASK_VMA_WORLD, 3, 2);
        for (long seed = 0; seed < SEEDS; seed++) {
            Scenario s = generator(Set.of()).generate(seed);
            assertThat(s).isEqualTo(plain.generate(seed));
            assertThat(parallelOps(s)).noneMatch(op -> op instanceof Op.PidfdSetMempolicy
                    || op instanceof Op.ReturnToUser || op instanceof Op.RcuGracePeriod);
        }
    }

    @Test
    void remoteInstall_opensScenariosWithAPidfdInstallOfT0_andAddsTheKernelEvents() {
        ScenarioGenerator remote = generator(Set.of(Feature.REMOTE_INSTALL));
        long opening = LongStream.range(0, SEEDS).mapToObj(remote::generate)
                .filter(s -> s.parallel().stream().anyMatch(t -> t.get(0) instanceof Op.PidfdSetMempolicy p
                        && p.target() == 0 && p.task() != 0))
                .count();
        assertThat(opening).as("scenarios opening with a remote install of t0").isBetween(SEEDS / 5L, SEEDS * 3L / 4);
        List<Op> all = LongStream.range(0, SEEDS).mapToObj(remote::generate).flatMap(s -> parallelOps(s).stream())
                .toList();
        assertThat(all).anyMatch(op -> op instanceof Op.ReturnToUser).anyMatch(op -> op instanceof Op.RcuGracePeriod)
                .anyMatch(op -> op instanceof Op.Exit e && e.task() == 0);
    }

    @Test
    void exitOrder_opensScenariosWithT0sExitAgainstANumaMapsOfT0() {
        ScenarioGenerator exits = generator(Set.of(Feature.EXIT_ORDER));
        long opening = LongStream.range(0, SEEDS).mapToObj(exits::generate)
                .filter(s -> s.parallel().get(0).get(0) instanceof Op.Exit
                        && s.parallel().stream().anyMatch(t -> t.get(0) instanceof Op.NumaMaps n && n.target() == 0))
                .count();
        assertThat(opening).as("scenarios opening with t0's exit against numa_maps(t0)").isBetween(SEEDS / 6L, SEEDS / 2L);
    }

    @Test
    void sharedPolicyWithRemoteInstall_getsTreeRacesAndRemoteInstallRaces() {
        ScenarioGenerator both = generator(Set.of(Feature.SHARED_POLICY, Feature.REMOTE_INSTALL));
        List<Scenario> all = LongStream.range(0, SEEDS).mapToObj(both::generate).toList();
        assertThat(all).allMatch(s -> s.init().stream().anyMatch(op -> op instanceof Op.Shmat));
        long tree = all.stream().filter(s -> s.parallel().get(0).stream().findFirst()
                .filter(op -> op instanceof Op.Mbind m && m.start() >= 0x4000 && m.start() < 0x8000).isPresent()
                && s.parallel().get(2).stream().findFirst().filter(op -> op.task() == 2).isPresent()).count();
        long remote = all.stream().filter(s -> s.parallel().stream().anyMatch(t -> t.get(0) instanceof Op.PidfdSetMempolicy p
                && p.target() == 0 && p.task() != 0)).count();
        assertThat(tree).as("scenarios opening with a tree replacement by t0 against t2").isPositive();
        assertThat(remote).as("scenarios opening with a remote install of t0").isPositive();
        assertThat(both.segments()).isEqualTo(1);
    }

    @Test
    void sharedSegmentWorld_withTwoThreads_isRefusedWithTheReason() {
        assertThatThrownBy(() -> new ScenarioGenerator(LincheckBudget.TASK_VMA_WORLD, 2, 2, Set.of(Feature.SHARED_POLICY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shared-segment races need 3 threads, the budget has 2");
    }
}
