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
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
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
 * their no-argument constructors, so what each scenario runs on ({@link Job}) is handed to them
 * through {@link #job(int)} for the length of that run — the scenario's first step names its job —
 * and runs are serialized: Lincheck cannot run
 * two checks at once in one JVM (its issue #767), so parallel checking is across JVMs
 * ({@code ./mpolcheck verify --jobs N}, Surefire forks). Everything else about a check is held by the
 * {@link SchemeChecker} instance that asks for the run.
 */
final class LincheckAdapter {

    /**
     * What one scenario of a Lincheck run is checked on: the scheme, the world, how many shm
     * segments teardown removes first ({@code IPC_RMID}), and which oracles are on. Scenarios of one
     * run may differ in all of these (a batch of witnesses, each on its own scheme).
     *
     * @param heapReports off: a blind heap (no use-after-free, double free or leak reports), for the
     *     tests that show a lifetime finding needs its oracle
     * @param schemeAnswers off: every answer replaced by that of a model applied as the operation ends
     *     (linearizable by construction), for the tests that show a wrong answer needs the scheme's own
     */
    record Run(SchemeProvider scheme, WorldConfig world, int segments, boolean heapReports, boolean schemeAnswers) {
    }

    /** One scenario and what it runs on. */
    record Job(Run run, Scenario scenario) {
    }

    /**
     * A run's outcome: the finding, if any, the index of the job it was found in, the jobs that ran
     * to the end of their budget before it (Lincheck runs one scenario after the other, so every job
     * first started before the failing one has passed), and how many interleavings (invocations)
     * Lincheck ran in all.
     */
    record Outcome(Optional<LincheckFinding> finding, int job, List<Integer> passed, long invocations) {
    }

    private static volatile List<Job> current;
    private static final AtomicLong INVOCATIONS = new AtomicLong();
    /** The jobs whose scenarios have started, in the order Lincheck started them (one scenario at a time). */
    private static final Set<Integer> STARTED = Collections.synchronizedSet(new LinkedHashSet<>());

    private LincheckAdapter() {
    }

    /**
     * What job {@code index} of the run under way runs on, for the objects Lincheck constructs. The
     * index is the argument of the scenario's first step; a scenario whose set-up step Lincheck's
     * minimization removed runs on job 0 (a minimized run has one job).
     */
    static Run job(int index) {
        List<Job> jobs = current;
        if (jobs == null) {
            throw new IllegalStateException("no Lincheck run under way: SchemeTarget is built by LincheckAdapter's runs");
        }
        return jobs.get(index).run();
    }

    /** How many jobs the run under way has. */
    static int jobs() {
        List<Job> jobs = current;
        return jobs == null ? 0 : jobs.size();
    }

    /** Counted by {@link SchemeTarget}'s constructor: Lincheck builds one target per invocation. */
    static void invocationStarted() {
        INVOCATIONS.incrementAndGet();
    }

    /** Called by {@link SchemeTarget}'s first step: an invocation of job {@code job} started. */
    static void jobStarted(int job) {
        STARTED.add(job);
    }

    /** Model-checks the scenarios of one scheme in one Lincheck run, at most {@code invocations} interleavings each. */
    static Outcome modelCheck(Run run, List<Scenario> scenarios, int invocations, boolean minimize) {
        return modelCheck(scenarios.stream().map(s -> new Job(run, s)).toList(), invocations, minimize);
    }

    /**
     * Model-checks every job in one Lincheck run (which pays Lincheck's start-up once), at most
     * {@code invocations} interleavings each; stops at the first finding.
     */
    static synchronized Outcome modelCheck(List<Job> jobs, int invocations, boolean minimize) {
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
                        .allMethods().treatAsAtomic())
                // the mutation hooks' check in every primitive: nothing is installed in a Lincheck run
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(io.mpolcheck.mutation.Mutations.class.getName())
                        .allMethods().ignore());
        for (int i = 0; i < jobs.size(); i++) {
            options.addCustomScenario(toLincheck(i, jobs.get(i).scenario()));
        }
        return during(jobs, () -> LinCheckerKt.checkImpl(options, SchemeTarget.class));
    }

    /**
     * The same scenarios on real threads. It prints no interleaving, but it runs the scheme's code as
     * the JVM runs it, outside Lincheck's instrumentation.
     */
    static Outcome stress(Run run, List<Scenario> scenarios, int invocations) {
        return stress(scenarios.stream().map(s -> new Job(run, s)).toList(), invocations);
    }

    /** The stress strategy on every job in one Lincheck run, {@code invocations} each; stops at the first finding. */
    static synchronized Outcome stress(List<Job> jobs, int invocations) {
        StressOptions options = new StressOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(false)
                .logLevel(LoggingLevel.OFF)
                .sequentialSpecification(ModelSpecification.class);
        for (int i = 0; i < jobs.size(); i++) {
            options.addCustomScenario(toLincheck(i, jobs.get(i).scenario()));
        }
        return during(jobs, () -> LinCheckerKt.checkImpl(options, SchemeTarget.class));
    }

    private static Outcome during(List<Job> jobs, java.util.function.Supplier<LincheckFailure> lincheck) {
        current = List.copyOf(jobs);
        INVOCATIONS.set(0);
        STARTED.clear();
        try {
            LincheckFailure failure = lincheck.get();
            if (failure == null) {
                return new Outcome(Optional.empty(), -1, List.of(), INVOCATIONS.get());
            }
            int job = jobOf(failure);
            List<Integer> passed = new ArrayList<>();
            synchronized (STARTED) {
                for (int started : STARTED) {
                    if (started == job) {
                        break;
                    }
                    passed.add(started);
                }
            }
            return new Outcome(Optional.of(finding(failure)), job, passed, INVOCATIONS.get());
        } finally {
            current = null;
            LincheckAgentJar.deleteOwnCopy();
        }
    }

    /** The job a failure was found in: the argument of its first step (0 if minimization removed it). */
    private static int jobOf(LincheckFailure failure) {
        for (Actor a : failure.getScenario().getInitExecution()) {
            if (a.getMethod().getName().equals("begin")) {
                return (Integer) a.getArguments().get(0);
            }
        }
        return 0;
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

    private static ExecutionScenario toLincheck(int job, Scenario s) {
        Method apply = method("apply", Op.class);
        Actor begin = new Actor(method("begin", int.class), List.of(job));
        Actor setup = new Actor(method("setup", List.class), List.of(s.init()));
        Actor teardown = new Actor(method("teardown"), List.of());
        return new ExecutionScenario(List.of(begin, setup),
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
