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
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registered scheme, held to its own declaration ({@link SchemeInfo}) by Lincheck: a correct
 * scheme certified in its declared scope; a buggy one's {@link Witness} found with the declared
 * class — and, on demand ({@link #WITNESS_CHECKS}; in CI the schedule engine's test does it), passing
 * on the scheme that fixes it and gone when the oracle that finds it is turned off (the heap's
 * reports for a lifetime class, the scheme's own answers for {@code NON_LINEARIZABLE}).
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
 * their whole budget, are dealt out first, then buggy ones. The checks of a shard that must pass are
 * batched ({@code ShardBatch}): every correct scheme's scenarios in one Lincheck run, every witness
 * on its fix and without its oracle in another, because each Lincheck run pays seconds of start-up
 * (measured: four runs of one scenario took 29 s where one run of the same four took 16 s).
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
     * Interleavings of a witness explored on the scheme that fixes it, and with its oracle off: as
     * many as it is found with ({@link SchemeCheckerTest#WITNESS_INVOCATIONS}), so that both checks
     * would fail if the fix, or the scheme without its oracle, still showed the bug. Tried once: with
     * the fix replaced by the buggy scheme and the oracle left on, all 22 checks of shard 1 failed at
     * 100 interleavings, 12 at 15 (the value before the checks were batched, when each was its own
     * Lincheck run and CI's time limit set it).
     */
    static final int FIX_INVOCATIONS = SchemeCheckerTest.WITNESS_INVOCATIONS;

    /**
     * Whether each witness is also run, in Lincheck, on its fix and without its oracle
     * ({@code -Dmpolcheck.lincheck.witnessChecks=true}; off in CI). Both properties belong to the fix
     * and to the oracle, not to the engine, and {@code ScheduleCheckerTest} checks both for every
     * witness in every build (300 schedules); run here at 100 interleavings they cost about 100 s of
     * each shard's Lincheck time, which CI's limit cannot carry beside the certifications.
     */
    static final boolean WITNESS_CHECKS = Boolean.getBoolean("mpolcheck.lincheck.witnessChecks");

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

    private Stream<DynamicNode> checks(SchemeProvider p) {
        SchemeInfo info = p.info();
        List<DynamicNode> tests = new ArrayList<>();
        if (info.expected().isEmpty()) {
            tests.add(dynamicTest("verdict " + info.expectedInScope(), () -> verdictIsAsDeclared(p)));
        }
        info.witness().ifPresent(w -> {
            tests.add(dynamicTest("witness found as " + info.expectedLabel(), () -> witnessIsFound(p, w)));
            if (WITNESS_CHECKS) {
                tests.add(dynamicTest("witness passes on " + w.fixedBy(), () -> witnessPassesOnFix(p, w)));
                tests.add(dynamicTest("witness unseen without its oracle", () -> witnessNeedsItsOracle(p, w)));
            }
        });
        return tests.stream();
    }

    private void verdictIsAsDeclared(SchemeProvider p) {
        LincheckBudget ci = LincheckBudget.profile("ci");
        for (int i = 0; i < ci.scenarios(); i++) {
            Optional<LincheckFinding> found = batch().certification(p, i);
            assertThat(found.map(f -> f.violation().name()).orElse("CORRECT"))
                    .as("%s: ./mpolcheck verify --engine lincheck --scheme %s --profile ci --seed %d%n%s", p.info().id(),
                            p.info().id(), SEED + i, found.map(LincheckFinding::report).orElse(""))
                    .isEqualTo(Verdict.label(p.info().expected()));
        }
    }

    private static void witnessIsFound(SchemeProvider p, Witness w) {
        LincheckFinding found = SchemeCheckerTest.check(p, false, false, segments(p), w.setUp(shared(p)),
                w.threads().toArray(String[]::new));
        assertThat(found).as("%s must be caught on its witness", p.info().id()).isNotNull();
        assertThat(found.violation()).as(found::toString).isEqualTo(p.info().expected().orElseThrow());
    }

    private void witnessPassesOnFix(SchemeProvider p, Witness w) {
        Optional<LincheckFinding> onFix = batch().onFix(p);
        assertThat(onFix).as("the witness of %s on %s: %s", p.info().id(), w.fixedBy(), onFix).isEmpty();
    }

    /**
     * A lifetime class is gone with the heap's reports off; {@code NON_LINEARIZABLE} is gone with
     * the model's answers forced back in place of the scheme's.
     */
    private void witnessNeedsItsOracle(SchemeProvider p, Witness w) {
        ViolationClass expected = p.info().expected().orElseThrow();
        Optional<LincheckFinding> without = batch().withoutOracle(p);
        assertThat(without.map(f -> f.violation().name()).orElse("nothing"))
                .as("%s on its witness with %s", p.info().id(),
                        expected == ViolationClass.NON_LINEARIZABLE ? "the model's answers" : "a blind heap")
                .isNotEqualTo(expected.name());
    }

    private static boolean shared(SchemeProvider p) {
        return p.info().has(SchemeInfo.Feature.SHARED_POLICY);
    }

    private static int segments(SchemeProvider p) {
        return shared(p) ? 1 : 0;
    }

    private static final Map<Integer, ShardBatch> BATCHES = new ConcurrentHashMap<>();

    private ShardBatch batch() {
        return BATCHES.computeIfAbsent(shard(), s -> new ShardBatch(shardOf(s)));
    }

    /**
     * The checks of a shard that must pass, batched (each Lincheck run pays its start-up, several
     * seconds, once): every correct scheme's {@code ci} scenarios in one run, and every witness on its
     * fix and without its oracle in another ({@link SchemeChecker#checkScenarios}, which runs again
     * what a finding cut short). Each dynamic test reads its own scenarios' results.
     */
    private static final class ShardBatch {
        private final Map<String, Optional<LincheckFinding>> results = new HashMap<>();

        ShardBatch(List<SchemeProvider> schemes) {
            LincheckBudget ci = LincheckBudget.profile("ci");
            Map<String, SchemeChecker.ScenarioCheck> certify = new LinkedHashMap<>();
            Map<String, SchemeChecker.ScenarioCheck> witnesses = new LinkedHashMap<>();
            for (SchemeProvider p : schemes) {
                if (p.info().expected().isEmpty()) {
                    ScenarioSource gen = SchemeChecker.scenarios(p, ci);
                    for (int i = 0; i < ci.scenarios(); i++) {
                        certify.put("certify " + p.info().id() + " " + i, new SchemeChecker.ScenarioCheck(p,
                                gen.generate(SEED + i), gen.segments(), SchemeChecker.Oracles.ALL));
                    }
                }
                p.info().witness().filter(w -> WITNESS_CHECKS).ifPresent(w -> {
                    Scenario s = SchemeCheckerTest.scenario(w.setUp(shared(p)), w.threads().toArray(String[]::new));
                    witnesses.put("fix " + p.info().id(), new SchemeChecker.ScenarioCheck(
                            SchemeCheckerTest.scheme(w.fixedBy()), s, segments(p), SchemeChecker.Oracles.ALL));
                    boolean wrongAnswer = p.info().expected().orElseThrow() == ViolationClass.NON_LINEARIZABLE;
                    witnesses.put("oracle " + p.info().id(), new SchemeChecker.ScenarioCheck(p, s, segments(p),
                            new SchemeChecker.Oracles(wrongAnswer, !wrongAnswer)));
                });
            }
            run(new SchemeChecker(ci), certify);
            if (!witnesses.isEmpty()) {
                run(new SchemeChecker(new LincheckBudget("witness", 1, FIX_INVOCATIONS, 1, 1,
                        LincheckBudget.TASK_VMA_WORLD)), witnesses);
            }
        }

        private void run(SchemeChecker checker, Map<String, SchemeChecker.ScenarioCheck> checks) {
            List<String> keys = new ArrayList<>(checks.keySet());
            List<Optional<LincheckFinding>> found = checker.checkScenarios(new ArrayList<>(checks.values()));
            for (int i = 0; i < keys.size(); i++) {
                results.put(keys.get(i), found.get(i));
            }
        }

        Optional<LincheckFinding> certification(SchemeProvider p, int scenario) {
            return results.get("certify " + p.info().id() + " " + scenario);
        }

        Optional<LincheckFinding> onFix(SchemeProvider p) {
            return results.get("fix " + p.info().id());
        }

        Optional<LincheckFinding> withoutOracle(SchemeProvider p) {
            return results.get("oracle " + p.info().id());
        }
    }
}
