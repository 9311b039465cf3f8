package io.mpolcheck.lincheck;

import io.mpolcheck.report.Verdict;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.scenario.ScenarioSource;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Lincheck checker, one instance per configuration (a budget, and whether a finding is minimized
 * and whether the stress strategy runs after model checking): generates scenarios from a seed
 * ({@link ScenarioGenerator}), one task per thread, model-checks them and then stress-tests them
 * against the reference model ({@link ModelSpecification}) with the lifetime oracle on
 * ({@link SchemeTarget#teardown()} ends with a leak check). All scenarios of a check go to Lincheck
 * in one run (each run pays several seconds of instrumentation); on a finding, the failing scenario
 * is identified and checked once more alone, with Lincheck's minimization on, for a minimal
 * counterexample. Lincheck itself is reached only through {@link LincheckAdapter}.
 *
 * <p>The heap is one atomic step for Lincheck; the model, the operation syntax and the
 * kernel-state bookkeeping are not analysed at all, so the interleavings explored are those of the
 * scheme's own steps: locks, pointer loads, dereferences, gets and puts.
 *
 * <p>What it cannot see: Lincheck explores sequentially consistent interleavings, so missing
 * barriers and torn reads (catalogue entries 14, 18.2, 22) are out of reach; see
 * {@code docs/model.md}.
 */
public final class SchemeChecker {
    public static final String NAME = "lincheck-model-checking";
    public static final String STRESS = "lincheck-stress";

    /** Which oracles a run has on; {@link #ALL} for every verdict, the others for detection-removal tests. */
    public record Oracles(boolean heapReports, boolean schemeAnswers) {
        public static final Oracles ALL = new Oracles(true, true);
    }

    private final LincheckBudget budget;
    private final boolean minimize;
    private final boolean stress;

    /** A checker with {@code budget} that minimizes a finding and runs the stress strategy after model checking. */
    public SchemeChecker(LincheckBudget budget) {
        this(budget, true, true);
    }

    private SchemeChecker(LincheckBudget budget, boolean minimize, boolean stress) {
        this.budget = budget;
        this.minimize = minimize;
        this.stress = stress;
    }

    /**
     * This checker without minimization (a finding is reported on the scenario as generated) and
     * without the stress strategy: two Lincheck runs fewer, for a caller on a time budget that needs
     * the violation class only.
     */
    public SchemeChecker classOnly() {
        return new SchemeChecker(budget, false, false);
    }

    public LincheckBudget budget() {
        return budget;
    }

    /**
     * Checks one scheme on scenarios {@code seed, seed+1, ...}; stops at the first finding.
     *
     * @param progress receives a line at each stage (for long runs)
     */
    public Verdict check(SchemeProvider scheme, long seed, Consumer<String> progress) {
        ScenarioSource gen = scenarios(scheme, budget);
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < budget.scenarios(); i++) {
            scenarios.add(gen.generate(seed + i));
        }
        return check(scheme, gen.segments(), scenarios, budget.invocations(), i -> new Where(seed + i, false), progress);
    }

    /**
     * Checks one scheme on the witness it declares (the catalogue's interleaving as operations per
     * task), with this budget's interleavings but at least {@link #WITNESS_INVOCATIONS}.
     *
     * @throws IllegalArgumentException when the scheme declares no witness
     */
    public Verdict checkWitness(SchemeProvider scheme, Consumer<String> progress) {
        ScenarioSource witness = scheme.info().witnessScenario().orElseThrow(
                () -> new IllegalArgumentException(scheme.info().id() + " declares no witness"));
        return check(scheme, witness.segments(), List.of(witness.generate(0)),
                Math.max(budget.invocations(), WITNESS_INVOCATIONS), i -> new Where(0, true), progress);
    }

    /**
     * Interleavings of a witness explored at least: enough for Lincheck to find every built-in
     * scheme's bug on its witness (the registry tests check each one with this many).
     */
    public static final int WITNESS_INVOCATIONS = 100;

    /** Which scenario a verdict is about: seed {@code seed} of the generator, or the scheme's witness. */
    private record Where(long seed, boolean witness) {
        String label() {
            return witness ? "witness" : "seed " + seed;
        }

        String option() {
            return witness ? "--witness" : "--seed " + seed;
        }
    }

    private Verdict check(SchemeProvider scheme, int segments, List<Scenario> scenarios, int invocations,
            java.util.function.IntFunction<Where> where, Consumer<String> progress) {
        LincheckAdapter.Run run = run(scheme, segments, Oracles.ALL);
        long start = System.nanoTime();
        progress.accept(scheme.info().id() + ": model checking " + scenarios.size() + " scenarios");
        LincheckAdapter.Outcome outcome = LincheckAdapter.modelCheck(run, scenarios, invocations, false);
        progress.accept(scheme.info().id() + ": " + outcome.invocations() + " interleavings explored");
        String checker = NAME;
        if (outcome.finding().isEmpty() && stress) {
            progress.accept(scheme.info().id() + ": stress testing the same scenarios");
            outcome = LincheckAdapter.stress(run, scenarios, invocations);
            checker = STRESS;
        }
        if (outcome.finding().isEmpty()) {
            return verdict(scheme, stress ? NAME + "+stress" : NAME, where.apply(0), start, Optional.empty(), "");
        }
        Duration firstFinding = Duration.ofNanos(System.nanoTime() - start);
        LincheckFinding failure = outcome.finding().get();
        int index = outcome.job();
        Where found = where.apply(index);
        ViolationClass violation = failure.violation();
        progress.accept(scheme.info().id() + ": " + violation + " in scenario " + found.label()
                + (minimize ? "; minimizing" : ""));
        Optional<LincheckFinding> minimal = minimize
                ? LincheckAdapter.modelCheck(run, List.of(scenarios.get(index)), invocations, true).finding()
                : Optional.empty();
        LincheckFinding shown = minimal.filter(m -> m.violation() == violation).orElse(failure);
        String text = "scenario (" + found.label() + "):\n" + scenarios.get(index) + "\n" + shown.report();
        Verdict v = verdict(scheme, checker, found, start, Optional.of(violation), text);
        return new Verdict(v.scheme(), v.checker(), v.expected(), v.actual(), v.seed(), firstFinding,
                v.counterexample(), v.reproducer());
    }

    /**
     * Model-checks one given scenario (a scheme's witness, or any hand-written one) with this
     * checker's interleavings per scenario, in the budget's world, with {@code segments} shm
     * segments removed at teardown and the given oracles.
     */
    public Optional<LincheckFinding> checkScenario(SchemeProvider scheme, Scenario scenario, int segments,
            Oracles oracles) {
        return checkScenarios(List.of(new ScenarioCheck(scheme, scenario, segments, oracles))).get(0);
    }

    /** One given scenario to model-check: on {@code scheme}, {@code segments} shm segments removed at teardown, with {@code oracles}. */
    public record ScenarioCheck(SchemeProvider scheme, Scenario scenario, int segments, Oracles oracles) {
    }

    /**
     * Model-checks every given scenario with this checker's interleavings per scenario, in as few
     * Lincheck runs as the findings allow (each run pays Lincheck's start-up; a run stops at its
     * first finding, and the scenarios it had not reached run again in the next).
     *
     * @return the finding of each scenario, in order, or empty where every explored interleaving passed
     */
    public List<Optional<LincheckFinding>> checkScenarios(List<ScenarioCheck> checks) {
        return inFewRuns(checks, jobs -> LincheckAdapter.modelCheck(jobs, budget.invocations(), false));
    }

    /**
     * As {@link #checkScenarios}, with Lincheck's stress strategy (real threads, the code as the JVM
     * runs it) in place of model checking.
     */
    public List<Optional<LincheckFinding>> stressScenarios(List<ScenarioCheck> checks) {
        return inFewRuns(checks, jobs -> LincheckAdapter.stress(jobs, budget.invocations()));
    }

    private List<Optional<LincheckFinding>> inFewRuns(List<ScenarioCheck> checks,
            java.util.function.Function<List<LincheckAdapter.Job>, LincheckAdapter.Outcome> lincheck) {
        List<Optional<LincheckFinding>> out = new ArrayList<>();
        checks.forEach(c -> out.add(Optional.empty()));
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            remaining.add(i);
        }
        while (!remaining.isEmpty()) {
            List<LincheckAdapter.Job> jobs = remaining.stream().map(i -> checks.get(i))
                    .map(c -> new LincheckAdapter.Job(run(c.scheme(), c.segments(), c.oracles()), c.scenario())).toList();
            LincheckAdapter.Outcome outcome = lincheck.apply(jobs);
            if (outcome.finding().isEmpty()) {
                break;
            }
            out.set(remaining.get(outcome.job()), outcome.finding());
            List<Integer> next = new ArrayList<>();
            for (int j = 0; j < remaining.size(); j++) {
                if (j != outcome.job() && !outcome.passed().contains(j)) {
                    next.add(remaining.get(j));
                }
            }
            remaining = next;
        }
        return out;
    }

    /**
     * The scenarios a scheme is checked on, built from the features it declares
     * ({@link ScenarioGenerator}: the shared-segment layout for {@link SchemeInfo.Feature#SHARED_POLICY},
     * the task/VMA layout otherwise, and the races of every other feature in either).
     */
    public static ScenarioSource scenarios(SchemeProvider scheme, LincheckBudget budget) {
        return new ScenarioGenerator(budget.world(), budget.threads(), budget.opsPerThread(), scheme.info().features());
    }

    private LincheckAdapter.Run run(SchemeProvider scheme, int segments, Oracles oracles) {
        return new LincheckAdapter.Run(scheme, budget.world(), segments, oracles.heapReports(), oracles.schemeAnswers());
    }

    private Verdict verdict(SchemeProvider scheme, String checker, Where where, long start,
            Optional<ViolationClass> found, String counterexample) {
        String repro = "./mpolcheck verify --engine lincheck --scheme " + scheme.info().id() + " --profile "
                + budget.name() + " " + where.option();
        return new Verdict(scheme.info().id(), checker, scheme.info().expected(), found, where.seed(),
                Duration.ofNanos(System.nanoTime() - start), counterexample, repro);
    }

}
