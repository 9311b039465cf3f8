package io.mpolcheck.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mpolcheck.report.Verdict;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import io.mpolcheck.scheme.Witness;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registered scheme, held to its own declaration ({@link SchemeInfo}) by Lincheck: a correct
 * scheme certified in its declared scope; a buggy one's {@link Witness} — found with the declared
 * class, passing on the scheme that fixes it, and gone when the oracle that finds it is turned off
 * (the heap's reports for a lifetime class, the scheme's own answers for {@code NON_LINEARIZABLE}).
 * Nothing here names a scheme: adding one is a class and a service line.
 *
 * <p>Not here: the search of a buggy scheme from random scenarios with Lincheck (the quick
 * profile, 40 scenarios x 60 interleavings). In CI that search is the schedule engine's
 * ({@code ScheduleCheckerTest}, same generator and seeds), which needs seconds where Lincheck
 * needed most of this suite's 13 minutes; Lincheck's own search of every buggy scheme is run by
 * {@code ./mpolcheck verify} (the default runs both engines) and {@code ./mpolcheck compare}.
 * That Lincheck catches each bug at all is guarded here by the witness.
 *
 * <p>The registry is split into {@link #SHARDS} shards, one subclass each, so that Surefire's two
 * forks check two shards at once (Lincheck runs one check per JVM). Correct schemes, which use
 * their whole budget, are dealt out first, then buggy ones.
 *
 * <p>Budget: a correct scheme is certified with the {@code ci} profile ({@link LincheckBudget#CI}: the
 * first 4 of the quick scenarios, besides the witnesses of the bugs it fixes); the stress strategy
 * is left to {@code ./mpolcheck verify}; a witness is found with
 * {@link SchemeCheckerTest#WITNESS_INVOCATIONS} interleavings, checked without its oracle and on its
 * fix with {@link #FIX_INVOCATIONS}.
 *
 * <p>How to run one shard: {@code mvn -B -pl linearizability-tests -am test -Dtest=RegisteredSchemesShard0Test};
 * raise the budget with {@code -Dmpolcheck.lincheck.scenarios=100 -Dmpolcheck.lincheck.invocations=2000}.
 */
abstract class AbstractRegisteredSchemesTest {
    static final int SHARDS = 2;
    static final long SEED = 1;
    /**
     * Interleavings of a witness explored on the scheme that fixes it, and with its oracle off
     * (CI's time limit; both runs can only pass more easily with fewer, so this is where the
     * suite is weaker than {@link SchemeCheckerTest#WITNESS_INVOCATIONS}, with which it is found).
     * 15 since the schedule engine runs the same two checks on every witness with 300 schedules
     * ({@code ScheduleCheckerTest}); two clean-clone builds with 30 measured 677 s and 861 s.
     */
    static final int FIX_INVOCATIONS = 15;

    /** Which shard this subclass checks, {@code 0 .. SHARDS-1}. */
    abstract int shard();

    /** The schemes of shard {@code shard}: correct ones dealt out first, then buggy ones, in registry order. */
    static List<SchemeProvider> shardOf(int shard) {
        List<SchemeProvider> dealt = new ArrayList<>();
        SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isEmpty()).forEach(dealt::add);
        SchemeRegistry.load().all().stream().filter(p -> p.info().expected().isPresent()).forEach(dealt::add);
        List<SchemeProvider> out = new ArrayList<>();
        for (int i = shard; i < dealt.size(); i += SHARDS) {
            out.add(dealt.get(i));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicNode> everyScheme_asItDeclares() {
        return shardOf(shard()).stream().map(p -> dynamicContainer(p.info().id(), checks(p)));
    }

    private static Stream<DynamicNode> checks(SchemeProvider p) {
        SchemeInfo info = p.info();
        List<DynamicNode> tests = new ArrayList<>();
        if (info.expected().isEmpty()) {
            tests.add(dynamicTest("verdict " + info.expectedInScope(), () -> verdictIsAsDeclared(p)));
        }
        info.witness().ifPresent(w -> {
            tests.add(dynamicTest("witness found as " + info.expectedLabel(), () -> witnessIsFound(p, w)));
            tests.add(dynamicTest("witness passes on " + w.fixedBy(), () -> witnessPassesOnFix(p, w)));
            tests.add(dynamicTest("witness unseen without its oracle", () -> witnessNeedsItsOracle(p, w)));
        });
        return tests.stream();
    }

    private static void verdictIsAsDeclared(SchemeProvider p) {
        Verdict v = new SchemeChecker(LincheckBudget.profile("ci")).classOnly().check(p, SEED, line -> { });
        assertThat(Verdict.label(v.actual()))
                .as("%s: %s%n%s", v.scheme(), v.reproducer(), v.counterexample())
                .isEqualTo(Verdict.label(v.expected()));
    }

    private static void witnessIsFound(SchemeProvider p, Witness w) {
        LincheckFinding found = run(p, w, false, false);
        assertThat(found).as("%s must be caught on its witness", p.info().id()).isNotNull();
        assertThat(found.violation()).as(found::toString).isEqualTo(p.info().expected().orElseThrow());
    }

    private static void witnessPassesOnFix(SchemeProvider p, Witness w) {
        boolean shared = p.info().has(SchemeInfo.Feature.SHARED_POLICY);
        LincheckFinding onFix = SchemeCheckerTest.check(SchemeCheckerTest.scheme(w.fixedBy()), false, false,
                shared ? 1 : 0, FIX_INVOCATIONS, w.setUp(shared), w.threads().toArray(String[]::new));
        assertThat(onFix).as("the witness of %s on %s: %s", p.info().id(), w.fixedBy(), onFix).isNull();
    }

    /**
     * A lifetime class is gone with the heap's reports off; {@code NON_LINEARIZABLE} is gone with
     * the model's answers forced back in place of the scheme's.
     */
    private static void witnessNeedsItsOracle(SchemeProvider p, Witness w) {
        ViolationClass expected = p.info().expected().orElseThrow();
        boolean wrongAnswer = expected == ViolationClass.NON_LINEARIZABLE;
        boolean shared = p.info().has(SchemeInfo.Feature.SHARED_POLICY);
        LincheckFinding without = SchemeCheckerTest.check(p, !wrongAnswer, wrongAnswer, shared ? 1 : 0,
                FIX_INVOCATIONS, w.setUp(shared), w.threads().toArray(String[]::new));
        assertThat(without == null ? "nothing" : without.violation().name())
                .as("%s on its witness with %s", p.info().id(), wrongAnswer ? "the model's answers" : "a blind heap")
                .isNotEqualTo(expected.name());
    }

    private static LincheckFinding run(SchemeProvider p, Witness w, boolean blind, boolean modelAnswers) {
        boolean shared = p.info().has(SchemeInfo.Feature.SHARED_POLICY);
        return SchemeCheckerTest.check(p, blind, modelAnswers, shared ? 1 : 0, w.setUp(shared),
                w.threads().toArray(String[]::new));
    }
}
