package io.mpolcheck.junit;

import io.mpolcheck.lincheck.LincheckBudget;
import io.mpolcheck.lincheck.LincheckFinding;
import io.mpolcheck.lincheck.SchemeChecker;
import io.mpolcheck.report.Counterexamples;
import io.mpolcheck.report.ReplayCommands;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.schedule.ScheduleBudget;
import io.mpolcheck.schedule.ScheduleChecker;
import io.mpolcheck.scenario.ScenarioSource;
import io.mpolcheck.scheme.SchemeProvider;
import io.mpolcheck.scheme.SchemeRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The public JUnit 5 API: hold a scheme to the verdict it declares ({@code SchemeInfo.correct} or
 * {@code SchemeInfo.buggy}), with every engine of the toolkit — the schedule engine, then Lincheck
 * — in a user's own test:
 *
 * <pre>
 * class MySchemeTest {
 *     &#64;Test
 *     void holdsItsVerdict() {
 *         SchemeAssertions.assertVerdict(new MySchemeProvider());
 *     }
 * }
 * </pre>
 *
 * <p>A correct scheme passes when no engine finds anything in the profile's generated scenarios. A
 * buggy scheme passes when every engine finds its declared class of bug: on the witness it declares
 * ({@code SchemeInfo.withWitness}, the interleaving that shows the bug, as {@code verify --witness}
 * checks it), or, for a scheme without one, in the generated scenarios. (Lincheck's random search
 * of the {@code ci} profile misses several built-in bugs that their witnesses show at once; a
 * declared buggy scheme is held to its witness, not to the luck of the search.) Otherwise the test fails with, for each engine that
 * disagreed: the two verdicts, the one-line command that replays the finding, and the
 * counterexample (scenario, interleaving, KASAN-style report; no Java stack frames). A checker
 * that cannot check the scheme (its factory throws, say) fails the test with that reason.
 *
 * <p>Budgets: the {@code ci} profile unless the system property {@code mpolcheck.profile} names
 * another ({@code quick}, {@code thorough}); the scenario seed 1 unless {@code mpolcheck.seed}
 * says otherwise. {@code -Dmpolcheck.lincheck.*} and {@code -Dmpolcheck.schedule.*} overrides
 * apply as everywhere, and the replay lines carry them. Lincheck checks one scheme at a time per
 * JVM.
 */
public final class SchemeAssertions {
    private SchemeAssertions() {
    }

    /** {@code scheme} with every engine, the profile and seed of the system properties (default {@code ci}, 1). */
    public static void assertVerdict(SchemeProvider scheme) {
        assertVerdict(scheme, System.getProperty("mpolcheck.profile", "ci"), Long.getLong("mpolcheck.seed", 1L));
    }

    /** {@code scheme} with every engine, with the given search profile and first scenario seed. */
    public static void assertVerdict(SchemeProvider scheme, String profile, long seed) {
        List<String> problems = new ArrayList<>(schedule(scheme, profile, seed));
        problems.addAll(lincheck(scheme, profile, seed));
        fail(scheme, problems);
    }

    /**
     * Several schemes at once, for a test factory: one executable per scheme, by id in the given
     * order, each asserting what {@link #assertVerdict(SchemeProvider)} asserts. The Lincheck
     * certification of the correct schemes (model checking of their generated scenarios, then the
     * stress strategy) runs batched, in as few Lincheck runs as the findings allow, when the first
     * executable needs it: each Lincheck run pays seconds of start-up and instrumentation, so one
     * run for all of them is much faster than one each. A scheme the batch does not certify is
     * checked again on its own, for the verdict and counterexample its failure shows.
     *
     * <pre>
     * &#64;TestFactory
     * Stream&lt;DynamicTest&gt; mySchemes() {
     *     return SchemeAssertions.verdicts(List.of(new MySchemeProvider(), new MyOtherSchemeProvider()))
     *             .entrySet().stream().map(e -&gt; DynamicTest.dynamicTest(e.getKey(), e.getValue()));
     * }
     * </pre>
     */
    public static Map<String, Executable> verdicts(List<SchemeProvider> schemes) {
        String profile = System.getProperty("mpolcheck.profile", "ci");
        long seed = Long.getLong("mpolcheck.seed", 1L);
        List<SchemeProvider> correct = schemes.stream().filter(p -> p.info().expected().isEmpty()).toList();
        Set<SchemeProvider> certified = new HashSet<>();
        AtomicBoolean batched = new AtomicBoolean();
        Map<String, Executable> out = new LinkedHashMap<>();
        for (SchemeProvider p : schemes) {
            out.put(p.info().id(), () -> {
                synchronized (certified) {
                    if (!batched.getAndSet(true)) {
                        certified.addAll(certifiedByLincheck(correct, LincheckBudget.profile(profile), seed));
                    }
                }
                if (certified.contains(p)) {
                    fail(p, schedule(p, profile, seed));
                } else {
                    assertVerdict(p, profile, seed);
                }
            });
        }
        return out;
    }

    /** The correct schemes on which batched Lincheck runs (model checking, then stress) find nothing. */
    private static Set<SchemeProvider> certifiedByLincheck(List<SchemeProvider> correct, LincheckBudget budget,
            long seed) {
        List<SchemeChecker.ScenarioCheck> checks = new ArrayList<>();
        for (SchemeProvider p : correct) {
            ScenarioSource gen = SchemeChecker.scenarios(p, budget);
            for (int i = 0; i < budget.scenarios(); i++) {
                checks.add(new SchemeChecker.ScenarioCheck(p, gen.generate(seed + i), gen.segments(),
                        SchemeChecker.Oracles.ALL));
            }
        }
        SchemeChecker checker = new SchemeChecker(budget);
        Set<SchemeProvider> found = new HashSet<>();
        List<Optional<LincheckFinding>> modelChecked = checker.checkScenarios(checks);
        for (int i = 0; i < checks.size(); i++) {
            if (modelChecked.get(i).isPresent()) {
                found.add(checks.get(i).scheme());
            }
        }
        List<SchemeChecker.ScenarioCheck> stress = checks.stream().filter(c -> !found.contains(c.scheme())).toList();
        List<Optional<LincheckFinding>> stressed = checker.stressScenarios(stress);
        for (int i = 0; i < stress.size(); i++) {
            if (stressed.get(i).isPresent()) {
                found.add(stress.get(i).scheme());
            }
        }
        Set<SchemeProvider> certified = new HashSet<>(correct);
        certified.removeAll(found);
        return certified;
    }

    /** The schedule engine's disagreements with the declaration: on the witness, if the scheme declares one. */
    private static List<String> schedule(SchemeProvider scheme, String profile, long seed) {
        ScheduleBudget budget = ScheduleBudget.profile(profile);
        return check(scheme, "schedule", () -> scheme.info().witness().isPresent()
                ? ScheduleChecker.checkWitness(scheme, budget, QUIET) : ScheduleChecker.check(scheme, budget, seed, QUIET));
    }

    /** Lincheck's disagreements with the declaration: on the witness, if the scheme declares one. */
    private static List<String> lincheck(SchemeProvider scheme, String profile, long seed) {
        SchemeChecker lincheck = new SchemeChecker(LincheckBudget.profile(profile));
        return check(scheme, "lincheck", () -> scheme.info().witness().isPresent()
                ? lincheckWitness(scheme, lincheck, QUIET) : lincheck.check(scheme, seed, QUIET));
    }

    private static final Consumer<String> QUIET = line -> { };

    private static void fail(SchemeProvider scheme, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(String.join("\n\n", problems) + hint(scheme));
        }
    }

    /**
     * Lincheck on a buggy scheme's witness: first without minimization and stress, which only make
     * a finding's report shorter or look further when nothing is found; the whole check (the
     * verdict and counterexample a failure shows) only when that first one does not find the
     * declared class.
     */
    private static Verdict lincheckWitness(SchemeProvider scheme, SchemeChecker lincheck, Consumer<String> quiet) {
        Verdict quick = lincheck.classOnly().checkWitness(scheme, quiet);
        return quick.asExpected() ? quick : lincheck.checkWitness(scheme, quiet);
    }

    private interface Check {
        Verdict run() throws Exception;
    }

    private static List<String> check(SchemeProvider scheme, String engine, Check check) {
        Verdict v;
        try {
            v = check.run();
        } catch (Exception | LinkageError e) {
            return List.of(scheme.info().id() + " (" + engine + "): the checker could not check it: " + e);
        }
        if (v.asExpected()) {
            return List.of();
        }
        StringBuilder sb = new StringBuilder(v.scheme() + " (" + engine + "): expected "
                + Verdict.label(v.expected()) + ", got " + Verdict.label(v.actual()) + "\nreplay: " + replayable(v.reproducer()));
        if (!v.counterexample().isEmpty()) {
            sb.append('\n').append(replayable(Counterexamples.withoutStackFrames(v.counterexample().strip())));
        }
        return List.of(sb.toString());
    }

    /** {@code text} with its replay commands given this JVM's {@code -Dmpolcheck.*} overrides. */
    private static String replayable(String text) {
        return ReplayCommands.replayable(text, null, ReplayCommands.systemOverrides());
    }

    /** For a scheme that is not built in: the replay command needs the scheme's jar. */
    private static String hint(SchemeProvider scheme) {
        boolean builtIn = SchemeRegistry.load().byId(scheme.info().id())
                .map(p -> p.getClass().equals(scheme.getClass())).orElse(false);
        return builtIn ? "" : "\n\n(to replay from the command line, add --classpath with the jar or classes of "
                + scheme.getClass().getName() + ")";
    }
}
