package io.mpolcheck.lincheck;

import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.kernel.OpContext;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scheme.KernelState;
import io.mpolcheck.scheme.SchemeProvider;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionResult;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.execution.ResultWithClock;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ManagedDeadlockFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ManagedLivelockFailure;
import org.jetbrains.kotlinx.lincheck.strategy.TimeoutFailure;
import org.jetbrains.kotlinx.lincheck.strategy.UnexpectedExceptionFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.util.ExceptionResult;
import org.jetbrains.kotlinx.lincheck.util.LincheckResult;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuarantee;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.util.LoggingLevel;

/**
 * The one class that speaks Lincheck's internal API ({@code org.jetbrains.kotlinx.lincheck}): it
 * turns our {@link Scenario}s into Lincheck's custom scenarios, runs the model checker or the stress
 * strategy on them, and turns Lincheck's failure into a {@link LincheckFinding} in the toolkit's
 * vocabulary. A Lincheck upgrade that moves an internal class touches this file only.
 *
 * <p>Lincheck builds the objects it drives ({@link SchemeTarget}, {@link ModelSpecification}) with
 * their no-argument constructors, so the configuration of a run ({@link Run}) is handed to them
 * through {@link #current()} for the length of that run, and runs are serialized: Lincheck cannot run
 * two checks at once in one JVM (its issue #767), so parallel checking is across JVMs
 * ({@code ./mpolcheck verify --jobs N}, Surefire forks). Everything else about a check is held by the
 * {@link SchemeChecker} instance that asks for the run.
 */
final class LincheckAdapter {

    /**
     * What one Lincheck run checks: the scheme, the world, how many shm segments teardown removes
     * first ({@code IPC_RMID}), and which oracles are on.
     *
     * @param heapReports off: a blind heap (no use-after-free, double free or leak reports), for the
     *     tests that show a lifetime finding needs its oracle
     * @param schemeAnswers off: every answer replaced by that of a model applied as the operation ends
     *     (linearizable by construction), for the tests that show a wrong answer needs the scheme's own
     */
    record Run(SchemeProvider scheme, WorldConfig world, int segments, boolean heapReports, boolean schemeAnswers) {
    }

    /** A run's outcome: the finding, if any, and how many interleavings (invocations) Lincheck ran. */
    record Outcome(Optional<LincheckFinding> finding, long invocations) {
    }

    private static volatile Run current;
    private static final AtomicLong INVOCATIONS = new AtomicLong();

    private LincheckAdapter() {
    }

    /** The run under way, for the objects Lincheck constructs. */
    static Run current() {
        Run r = current;
        if (r == null) {
            throw new IllegalStateException("no Lincheck run under way: SchemeTarget is built by LincheckAdapter's runs");
        }
        return r;
    }

    /** Counted by {@link SchemeTarget}'s constructor: Lincheck builds one target per invocation. */
    static void invocationStarted() {
        INVOCATIONS.incrementAndGet();
    }

    /** Model-checks the scenarios in one Lincheck run, at most {@code invocations} interleavings each. */
    static synchronized Outcome modelCheck(Run run, List<Scenario> scenarios, int invocations, boolean minimize) {
        ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(minimize)
                .logLevel(LoggingLevel.OFF)
                .sequentialSpecification(ModelSpecification.class)
                .addGuarantee(new ManagedStrategyGuarantee.MethodBuilder(LincheckAdapter::bookkeeping).allMethods().ignore())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(SchemeTarget.class.getName())
                        .methods("setup", "teardown").ignore())
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(PolicyHeap.class.getName())
                        .allMethods().treatAsAtomic());
        scenarios.forEach(s -> options.addCustomScenario(toLincheck(s)));
        return during(run, () -> LinCheckerKt.checkImpl(options, SchemeTarget.class));
    }

    /**
     * The same scenarios on real threads. It prints no interleaving, but it runs the scheme's code as
     * the JVM runs it, outside Lincheck's instrumentation.
     */
    static synchronized Outcome stress(Run run, List<Scenario> scenarios, int invocations) {
        StressOptions options = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.OFF)
                .sequentialSpecification(ModelSpecification.class);
        scenarios.forEach(s -> options.addCustomScenario(toLincheck(s)));
        return during(run, () -> LinCheckerKt.checkImpl(options, SchemeTarget.class));
    }

    private static Outcome during(Run run, java.util.function.Supplier<LincheckFailure> lincheck) {
        current = run;
        INVOCATIONS.set(0);
        try {
            LincheckFailure failure = lincheck.get();
            return new Outcome(Optional.ofNullable(failure).map(LincheckAdapter::finding), INVOCATIONS.get());
        } finally {
            current = null;
        }
    }

    /**
     * Code that is not the scheme's own steps: the model and its values, the operation syntax, the
     * kernel-state bookkeeping, the operation context and the schedule engine's hooks in the
     * primitives ({@code io.mpolcheck.sched}, which do nothing outside that engine). Lincheck neither
     * switches threads inside it nor traces it. The set-up and teardown steps ({@link SchemeTarget#setup},
     * {@link SchemeTarget#teardown}) run the scheme untraced too: they run on one thread before and
     * after the parallel part, so there is no interleaving in them to explore, and tracing them cost
     * most of each invocation. (Their lifetime reports are the heap's and do not depend on tracing.
     * Kernel objects a scheme makes must come from its constructor: an object first made in
     * untraced code and waited on in traced code hangs the checker.)
     */
    private static boolean bookkeeping(String className) {
        return className.startsWith("io.mpolcheck.model.") || className.startsWith("io.mpolcheck.op.")
                || className.startsWith("io.mpolcheck.report.") || className.equals(KernelState.class.getName())
                || className.equals(OpContext.class.getName()) || className.startsWith("io.mpolcheck.sched.")
                || className.equals(LincheckAdapter.class.getName());
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

    private static LincheckFinding finding(LincheckFailure failure) {
        List<List<Op>> parallel = failure.getScenario().getParallelExecution().stream()
                .map(t -> t.stream().map(a -> (Op) a.getArguments().get(0)).toList()).toList();
        Optional<LifetimeViolation> lifetime = lifetimeViolation(failure);
        return new LincheckFinding(classify(failure, lifetime), parallel, describe(failure, lifetime));
    }

    /**
     * A lifetime report thrown by the heap wins, wherever Lincheck put it (an unexpected exception, a
     * validation failure, or an exception result among the operations' results); otherwise the
     * failure's own kind decides: wrong results are {@code NON_LINEARIZABLE}, a managed deadlock is
     * {@code DEADLOCK}, a livelock or timeout is {@code HANG}, any other exception is
     * {@code UNEXPECTED_EXCEPTION}.
     */
    private static ViolationClass classify(LincheckFailure failure, Optional<LifetimeViolation> lifetime) {
        if (lifetime.isPresent()) {
            return lifetime.get().violationClass();
        }
        if (failure instanceof ManagedDeadlockFailure) {
            return ViolationClass.DEADLOCK;
        }
        if (failure instanceof ManagedLivelockFailure || failure instanceof TimeoutFailure) {
            return ViolationClass.HANG;
        }
        if (failure instanceof IncorrectResultsFailure && thrown(failure).isEmpty()) {
            return ViolationClass.NON_LINEARIZABLE;
        }
        return ViolationClass.UNEXPECTED_EXCEPTION;
    }

    /**
     * The finding as the user reads it: the heap's report if any, then Lincheck's results table and
     * the interleaving that leads to the error (its detailed per-field trace, thousands of lines, is
     * left out).
     */
    private static String describe(LincheckFailure failure, Optional<LifetimeViolation> lifetime) {
        StringBuilder sb = new StringBuilder();
        lifetime.ifPresent(v -> sb.append(v.getMessage()).append("\n\n"));
        String lincheck = failure.toString();
        int detailed = lincheck.indexOf("\nDetailed trace:");
        return sb.append(detailed < 0 ? lincheck : lincheck.substring(0, detailed)).toString();
    }

    private static Optional<LifetimeViolation> lifetimeViolation(LincheckFailure failure) {
        for (Throwable t : thrown(failure)) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof LifetimeViolation v) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** Every throwable the failure mentions: its own exception first, then exception results in order. */
    private static List<Throwable> thrown(LincheckFailure failure) {
        List<Throwable> out = new ArrayList<>();
        if (failure instanceof UnexpectedExceptionFailure u) {
            out.add(u.getException());
        } else if (failure instanceof ValidationFailure v) {
            out.add(v.getException());
        }
        ExecutionResult results = failure.getResults();
        if (results != null) {
            results.getInitResults().forEach(r -> addThrown(r, out));
            for (List<ResultWithClock> thread : results.getParallelResultsWithClock()) {
                thread.forEach(r -> addThrown(r.getResult(), out));
            }
            results.getPostResults().forEach(r -> addThrown(r, out));
        }
        return out;
    }

    private static void addThrown(LincheckResult r, List<Throwable> out) {
        if (r instanceof ExceptionResult e) {
            out.add(e.getThrowable());
        }
    }
}
