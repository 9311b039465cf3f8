package io.mpolcheck.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.schedule.ScheduledExecution.Oracles;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The schedule engine holds every registered scheme to its declared verdict (buggy: found with its
 * class; correct: nothing found) in the {@code ci} profile, and each of its oracles is shown to be
 * what finds a canary: switched off, the canary goes unseen.
 */
class ScheduleCheckerTest {
    private static final SchemeRegistry REGISTRY = SchemeRegistry.load();
    /** Schedules of a witness explored per check (random, PCT 2, PCT 3 in turn). */
    static final int WITNESS_SCHEDULES = ScheduleChecker.WITNESS_SCHEDULES;

    static Stream<String> schemes() {
        return REGISTRY.ids().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void everyRegisteredSchemeGetsItsDeclaredVerdict(String id) {
        Verdict v = ScheduleChecker.check(scheme(id), ScheduleBudget.profile("ci"), 1, line -> { });
        assertThat(Verdict.label(v.actual())).as(v.counterexample()).isEqualTo(Verdict.label(v.expected()));
    }

    static Stream<String> buggySchemes() {
        return REGISTRY.all().stream().filter(p -> p.info().witness().isPresent()).map(p -> p.info().id());
    }

    /**
     * Each buggy scheme's witness (the catalogue interleaving as operations per task) under
     * {@link #WITNESS_SCHEDULES} schedules: found with the declared class; the scheme that fixes it
     * passes every one of them; and with the oracle that finds it off (the heap's reports for a
     * lifetime class, the answers check for {@code NON_LINEARIZABLE}) the class is not found.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("buggySchemes")
    void everyWitnessIsFoundPassesOnItsFixAndNeedsItsOracle(String id) {
        SchemeProvider buggy = scheme(id);
        SchemeInfo info = buggy.info();
        var witness = info.witness().orElseThrow();
        boolean shared = info.has(SchemeInfo.Feature.SHARED_POLICY);
        Scenario scenario = new Scenario(OpFormat.parseAll(witness.setUp(shared)),
                witness.threads().stream().map(OpFormat::parseAll).toList());
        int segments = shared ? 1 : 0;
        ScheduleBudget budget = ScheduleBudget.profile("ci");
        ViolationClass expected = info.expected().orElseThrow();

        var found = ScheduleChecker.explore(buggy, budget, scenario, segments, WITNESS_SCHEDULES, 1, Oracles.ALL);
        assertThat(found).as("%s must be caught on its witness", id).isPresent();
        assertThat(found.get().finding().orElseThrow().violation()).as(found.get().finding().get().report())
                .isEqualTo(expected);

        var onFix = ScheduleChecker.explore(scheme(witness.fixedBy()), budget, scenario, segments, WITNESS_SCHEDULES, 1,
                Oracles.ALL);
        assertThat(onFix).as("the witness of %s on %s: %s", id, witness.fixedBy(),
                onFix.map(r -> r.finding().get().report()).orElse("")).isEmpty();

        boolean answers = expected == ViolationClass.NON_LINEARIZABLE;
        var without = ScheduleChecker.explore(buggy, budget, scenario, segments, WITNESS_SCHEDULES, 1,
                new Oracles(answers, !answers));
        assertThat(without.map(r -> r.finding().get().violation())).as("%s without its oracle", id)
                .isNotEqualTo(Optional.of(expected));
    }

    @Test
    void aUseAfterFreeIsFoundByTheLifetimeOracleAndUnseenWithABlindHeap() {
        SchemeProvider buggy = scheme("exit-put-before-clear-2016");
        assertThat(check(buggy, Oracles.ALL).actual()).contains(ViolationClass.USE_AFTER_FREE);
        assertThat(check(buggy, new Oracles(false, true)).actual()).isNotEqualTo(Optional.of(ViolationClass.USE_AFTER_FREE));
        assertThat(check(scheme("exit-clear-then-put-2016"), Oracles.ALL).actual()).isEmpty();
    }

    @Test
    void aWrongAnswerIsFoundByTheLinearizabilityCheckAndUnseenWithoutIt() {
        SchemeProvider buggy = scheme("task-work-union-overwrite-2022");
        Verdict found = check(buggy, Oracles.ALL);
        assertThat(found.actual()).contains(ViolationClass.NON_LINEARIZABLE);
        assertThat(found.counterexample()).contains("Not linearizable").contains("get_mempolicy");
        assertThat(check(buggy, new Oracles(true, false)).actual()).isEmpty();
    }

    @Test
    void aFindingReplaysFromItsScheduleLine() {
        SchemeProvider buggy = scheme("get-mempolicy-early-unlock-2017");
        Verdict found = check(buggy, Oracles.ALL);
        assertThat(found.actual()).contains(ViolationClass.USE_AFTER_FREE);
        String line = found.reproducer().replaceAll(".*--schedule ", "");
        Verdict again = ScheduleChecker.replay(buggy, ScheduleBudget.profile("ci"), found.seed(), line);
        assertThat(again.actual()).isEqualTo(found.actual());
        assertThat(withoutStrategyName(again.counterexample())).isEqualTo(withoutStrategyName(found.counterexample()));
    }

    /** The counterexample with the schedule line's strategy name cut ("schedule (pct(seed 3, depth 2)): " vs "schedule (replay): "). */
    private static String withoutStrategyName(String counterexample) {
        return counterexample.replaceAll("(?m)^schedule \\(.*\\): ", "schedule: ");
    }

    private static Verdict check(SchemeProvider scheme, Oracles oracles) {
        return ScheduleChecker.check(scheme, ScheduleBudget.profile("ci"), 1, line -> { }, oracles);
    }

    private static SchemeProvider scheme(String id) {
        return REGISTRY.byId(id).orElseThrow();
    }
}
