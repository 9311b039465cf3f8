package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.Scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.mpolcheck.op.OpFormat;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import io.mpolcheck.scheme.Witness;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The checker on one hand-written scenario at a time (a scheme's {@link Witness}, or any other),
 * with the two switches that turn an oracle off: a blind heap ({@link io.mpolcheck.kernel.PolicyHeap#blind()},
 * no lifetime reports) and the model's answers in place of the scheme's
 * ({@link SchemeChecker.Oracles#schemeAnswers()} off). Every registered scheme's witness runs
 * through {@link SchemeChecker#checkWitness} in the {@code junit} module's registry test, and on
 * demand through {@link WitnessFixAndOracleLincheckTest}.
 */
class SchemeCheckerTest {

    /** Interleavings explored per witness run: the two-writer shared races (entries 7, 9a) were missed at 50. */
    static final int WITNESS_INVOCATIONS = SchemeChecker.WITNESS_INVOCATIONS;

    /** Model-checks one scenario ({@link #WITNESS_INVOCATIONS}); null when every explored interleaving passed. */
    static LincheckFinding check(SchemeProvider p, boolean blind, boolean modelAnswers, int segments, String init,
            String... threads) {
        return check(p, blind, modelAnswers, segments, WITNESS_INVOCATIONS, init, threads);
    }

    /** As above, with {@code invocations} interleavings. */
    static LincheckFinding check(SchemeProvider p, boolean blind, boolean modelAnswers, int segments, int invocations,
            String init, String... threads) {
        // one given scenario: only the interleavings and the world of the budget are used
        LincheckBudget budget = new LincheckBudget("witness", 1, invocations, 1, 1, LincheckBudget.TASK_VMA_WORLD);
        Scenario s = scenario(init, threads);
        return new SchemeChecker(budget).checkScenario(p, s, segments, new SchemeChecker.Oracles(!blind, !modelAnswers))
                .orElse(null);
    }

    /** A scenario from its set-up and its threads' operations, in the operation syntax. */
    static Scenario scenario(String init, String... threads) {
        return new Scenario(OpFormat.parseAll(init), Arrays.stream(threads).map(OpFormat::parseAll).toList());
    }

    static SchemeProvider scheme(String id) {
        return SchemeRegistry.load().byId(id).orElseThrow();
    }

    /**
     * {@code percpu-ref-inverted-tryget-2022} declares {@code LEAK}, which wins in every run that
     * also gives its wrong answer (the successful {@code tryget} that discards the pointer keeps its
     * reference). With the heap's reports off, the wrong node is what is left: t0 is bound to node 1
     * and allocates on node 0, by the default policy it fell back to; with the model's answers
     * forced back as well, nothing is left.
     */
    @Test
    void percpuRefInvertedTryget_withTheHeapBlind_isCaughtByItsWrongNode() {
        String init = Witness.TASK_VMA_SETUP + "t0 set_mempolicy(MPOL_BIND, {1}, 65)\n";
        String[] threads = {"t0 alloc_page()", "t1 pidfd_set_mempolicy(t0, MPOL_PREFERRED, {1}, 65, 0)"};
        LincheckFinding blind = check(scheme("percpu-ref-inverted-tryget-2022"), true, false, 0, init, threads);
        assertThat(blind).isNotNull();
        assertThat(blind.violation()).as(blind::toString).isEqualTo(ViolationClass.NON_LINEARIZABLE);
        assertThat(check(scheme("percpu-ref-inverted-tryget-2022"), true, true, 0, init, threads)).isNull();
    }
}
