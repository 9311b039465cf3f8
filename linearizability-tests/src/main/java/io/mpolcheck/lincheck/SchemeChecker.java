package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.scenario.ScenarioSource;
import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.Verdict;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scheme.KernelState;
import io.mpolcheck.scheme.SchemeInfo;
import io.mpolcheck.scheme.SchemeProvider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuarantee;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;

/**
 * The Lincheck checker: generates scenarios from a seed ({@link ScenarioGenerator}), one task per
 * thread, model-checks them and then stress-tests them against the reference model
 * ({@link ModelSpecification}) with the lifetime oracle on ({@link SchemeTarget#teardown()} ends with a leak check). All scenarios of a
 * check go to Lincheck in one run (each run pays several seconds of instrumentation); on a
 * finding, the failing scenario is identified and checked once more alone, with Lincheck's
 * minimization on, for a minimal counterexample.
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

    private SchemeChecker() {
    }

    /**
     * Checks one scheme on scenarios {@code seed, seed+1, ...}; stops at the first finding.
     *
     * @param progress receives a line at each stage (for long runs)
     */
    public static Verdict check(SchemeProvider scheme, LincheckBudget budget, long seed, Consumer<String> progress) {
        return check(scheme, budget, seed, progress, true, true);
    }

    /**
     * As {@link #check(SchemeProvider, LincheckBudget, long, Consumer)}; without {@code minimize},
     * a finding is reported on the scenario as generated, and without {@code stress} the second
     * strategy is skipped (each one Lincheck run fewer, for a caller on a time budget that needs
     * the violation class only).
     */
    public static synchronized Verdict check(SchemeProvider scheme, LincheckBudget budget, long seed,
            Consumer<String> progress, boolean minimize, boolean stress) {
        ScenarioSource gen = scenarios(scheme, budget);
        SchemeTarget.configure(scheme, budget.world(), false, gen.segments());
        List<Scenario> scenarios = new ArrayList<>();
        for (int i = 0; i < budget.scenarios(); i++) {
            scenarios.add(gen.generate(seed + i));
        }
        long start = System.nanoTime();
        progress.accept(scheme.info().id() + ": model checking " + scenarios.size() + " scenarios");
        LincheckFailure failure = run(scenarios, budget.invocations(), false);
        String checker = NAME;
        if (failure == null && stress) {
            progress.accept(scheme.info().id() + ": stress testing the same scenarios");
            failure = stress(scenarios, budget.invocations());
            checker = STRESS;
        }
        if (failure == null) {
            return verdict(scheme, stress ? NAME + "+stress" : NAME, budget, seed, start, Optional.empty(), "");
        }
        Duration firstFinding = Duration.ofNanos(System.nanoTime() - start);
        int index = indexOf(scenarios, failure);
        ViolationClass found = FailureClassifier.classify(failure);
        progress.accept(scheme.info().id() + ": " + found + " in scenario seed " + (seed + index)
                + (minimize ? "; minimizing" : ""));
        LincheckFailure minimal = minimize ? run(List.of(scenarios.get(index)), budget.invocations(), true) : null;
        LincheckFailure shown = minimal != null && FailureClassifier.classify(minimal) == found ? minimal : failure;
        String text = "scenario (seed " + (seed + index) + "):\n" + scenarios.get(index) + "\n" + describe(shown);
        Verdict v = verdict(scheme, checker, budget, seed + index, start, Optional.of(found), text);
        return new Verdict(v.scheme(), v.checker(), v.expected(), v.actual(), v.seed(), firstFinding,
                v.counterexample(), v.reproducer());
    }

    /**
     * The scenarios a scheme is checked on, built from the features it declares
     * ({@link ScenarioGenerator}: the shared-segment layout for {@link SchemeInfo.Feature#SHARED_POLICY},
     * the task/VMA layout otherwise, and the races of every other feature in either).
     */
    public static ScenarioSource scenarios(SchemeProvider scheme, LincheckBudget budget) {
        return new ScenarioGenerator(budget.world(), budget.threads(), budget.opsPerThread(), scheme.info().features());
    }

    private static Verdict verdict(SchemeProvider scheme, String checker, LincheckBudget budget, long seed,
            long start, Optional<ViolationClass> found, String counterexample) {
        String repro = "./mpolcheck verify --scheme " + scheme.info().id() + " --profile " + budget.name()
                + " --seed " + seed;
        return new Verdict(scheme.info().id(), checker, scheme.info().expected(), found, seed,
                Duration.ofNanos(System.nanoTime() - start), counterexample, repro);
    }

    /** Model-checks the scenarios in one Lincheck run; null when every explored interleaving passed. */
    static LincheckFailure run(List<Scenario> scenarios, int invocations, boolean minimize) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(minimize)
                .logLevel(LoggingLevel.OFF)
                .sequentialSpecification(ModelSpecification.class)
                .addGuarantee(new ManagedStrategyGuarantee.MethodBuilder(SchemeChecker::bookkeeping).allMethods().ignore())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(SchemeTarget.class.getName())
                        .methods("setup", "teardown").ignore())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(PolicyHeap.class.getName())
                        .allMethods().treatAsAtomic());
        scenarios.forEach(s -> options.addCustomScenario(toLincheck(s)));
        return LinCheckerKt.checkImpl(options, SchemeTarget.class);
    }

    /**
     * The second strategy: the same scenarios on real threads. It prints no interleaving, but it
     * runs the scheme's code as the JVM runs it, outside Lincheck's instrumentation.
     */
    static LincheckFailure stress(List<Scenario> scenarios, int invocations) {
        StressOptions options = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.OFF)
                .sequentialSpecification(ModelSpecification.class);
        scenarios.forEach(s -> options.addCustomScenario(toLincheck(s)));
        return LinCheckerKt.checkImpl(options, SchemeTarget.class);
    }

    /**
     * Code that is not the scheme's own steps: the model and its values, the operation syntax, the
     * kernel-state bookkeeping, the operation context and the schedule engine's hooks in the
     * primitives ({@code io.mpolcheck.sched}, which do nothing outside that engine). Lincheck neither switches threads inside
     * it nor traces it. The set-up and teardown steps ({@link SchemeTarget#setup},
     * {@link SchemeTarget#teardown}) run the scheme untraced too: they run on one thread before and
     * after the parallel part, so there is no interleaving in them to explore, and tracing them cost
     * most of each invocation. (Their lifetime reports are the heap's and do not depend on tracing.
     * Kernel objects a scheme makes must come from its constructor: an object first made in
     * untraced code and waited on in traced code hangs the checker.)
     */
    private static boolean bookkeeping(String className) {
        return className.startsWith("io.mpolcheck.model.") || className.startsWith("io.mpolcheck.op.")
                || className.startsWith("io.mpolcheck.report.") || className.equals(KernelState.class.getName())
                || className.equals(OpContext.class.getName()) || className.startsWith("io.mpolcheck.sched.");
    }

    /** Which of our scenarios Lincheck reports (unminimized runs keep the parallel part as given). */
    private static int indexOf(List<Scenario> scenarios, LincheckFailure failure) {
        List<List<Op>> parallel = failure.getScenario().getParallelExecution().stream()
                .map(t -> t.stream().map(a -> (Op) a.getArguments().get(0)).toList()).toList();
        for (int i = 0; i < scenarios.size(); i++) {
            if (scenarios.get(i).parallel().equals(parallel)) {
                return i;
            }
        }
        throw new IllegalStateException("Lincheck reported a scenario that was not generated: " + parallel);
    }

    private static ExecutionScenario toLincheck(Scenario s) {
        Method apply = method("apply", Op.class);
        Actor setup = new Actor(method("setup", List.class), List.of(s.init()));
        Actor teardown = new Actor(method("teardown"), List.of());
        return new ExecutionScenario(List.of(setup),
                s.parallel().stream().map(t -> t.stream().map(op -> new Actor(apply, List.of(op))).toList()).toList(),
                List.of(teardown), null);
    }

    private static Method method(String name, Class<?>... params) {
        try {
            return SchemeTarget.class.getMethod(name, params);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The finding as the user reads it: the heap's report if any, then Lincheck's results table and
     * the interleaving that leads to the error (its detailed per-field trace, thousands of lines,
     * is left out).
     */
    private static String describe(LincheckFailure failure) {
        StringBuilder sb = new StringBuilder();
        FailureClassifier.lifetimeViolation(failure).ifPresent(v -> sb.append(v.getMessage()).append("\n\n"));
        String lincheck = failure.toString();
        int detailed = lincheck.indexOf("\nDetailed trace:");
        return sb.append(detailed < 0 ? lincheck : lincheck.substring(0, detailed)).toString();
    }
}
