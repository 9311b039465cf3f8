package io.mpolcheck.schedule;

import io.mpolcheck.kernel.LifetimeViolation;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.op.Op;
import io.mpolcheck.op.OpFormat;
import io.mpolcheck.op.Result;
import io.mpolcheck.report.ViolationClass;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.SchemeRun;
import io.mpolcheck.sched.DeterministicScheduler;
import io.mpolcheck.sched.DeterministicScheduler.Outcome;
import io.mpolcheck.sched.Sched;
import io.mpolcheck.sched.Schedule;
import io.mpolcheck.sched.Strategy;
import io.mpolcheck.scheme.SchemeProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a scenario on a scheme under the deterministic scheduler: the set-up runs
 * sequentially, then each task of the parallel part on its own thread, switched only at the kernel
 * primitives as the {@link Strategy} decides, then the teardown with the lifetime verdict. The
 * answers form a history (every operation with its invocation and return on one clock) that must
 * be linearizable with respect to the reference model ({@link LinearizabilityChecker}).
 *
 * <p>The verdict's order follows the Lincheck engine's: a lifetime report (even one the scheme
 * swallowed) wins; then an unexpected exception, a deadlock or a hang; then a leak or another
 * lifetime report at teardown; then a wrong answer.
 */
public final class ScheduledExecution {
    /** Scheduling points one execution may pass before it counts as a hang. */
    public static final int STEP_BOUND = 20_000;

    private ScheduledExecution() {
    }

    /** What went wrong in an execution. */
    /**
     * @param position where the run was when a lifetime violation was found (the thread that found
     *     it and how many points had passed); empty for a finding made after the run (a leak at
     *     teardown, a wrong answer, a deadlock)
     */
    public record Finding(ViolationClass violation, String report, Optional<io.mpolcheck.sched.Sched.Position> position) {
        public Finding(ViolationClass violation, String report) {
            this(violation, report, Optional.empty());
        }
    }

    /**
     * The result of one execution.
     *
     * @param steps scheduling points passed (PCT sizes its change points with this)
     */
    public record Result(Schedule schedule, Optional<Finding> finding, List<HistoryEntry> history, int steps) {
    }

    /**
     * Which oracles are on: both by default; each can be switched off only to show, in a test, that
     * a finding depends on it.
     */
    public record Oracles(boolean lifetime, boolean answers) {
        public static final Oracles ALL = new Oracles(true, true);
    }

    /** Runs {@code scenario} on a fresh instance of {@code scheme} in {@code world}, removing {@code segments} shm segments at teardown. */
    public static Result run(SchemeProvider scheme, WorldConfig world, Scenario scenario, int segments,
            Strategy strategy) {
        return run(scheme, world, scenario, segments, strategy, Oracles.ALL);
    }

    /** As {@link #run(SchemeProvider, WorldConfig, Scenario, int, Strategy)} with some oracles off. */
    public static Result run(SchemeProvider scheme, WorldConfig world, Scenario scenario, int segments,
            Strategy strategy, Oracles oracles) {
        return new Run(new SchemeRun(scheme, world, !oracles.lifetime()), world, oracles.answers())
                .execute(scenario, segments, strategy);
    }

    /** The mutable state of one execution; tasks touch it one at a time (the scheduler's handoffs order them). */
    private static final class Run {
        private final SchemeRun run;
        private final WorldConfig world;
        private final boolean checkAnswers;
        private final List<HistoryEntry> history = new ArrayList<>();
        private int clock;

        Run(SchemeRun run, WorldConfig world, boolean checkAnswers) {
            this.run = run;
            this.world = world;
            this.checkAnswers = checkAnswers;
        }

        Result execute(Scenario scenario, int segments, Strategy strategy) {
            Optional<Finding> setupFailure = sequential(scenario.init());
            if (setupFailure.isPresent()) {
                return new Result(new Schedule(List.of(), List.of()), setupFailure, history, 0);
            }
            List<Runnable> tasks = new ArrayList<>();
            for (List<Op> ops : scenario.parallel()) {
                tasks.add(() -> ops.forEach(this::call));
            }
            Outcome outcome = new DeterministicScheduler(strategy, STEP_BOUND).run(tasks);
            Optional<Finding> finding = parallelFinding(outcome)
                    .or(() -> teardown(segments))
                    .or(this::answers);
            return new Result(outcome.schedule(), finding, List.copyOf(history), outcome.schedule().points().size());
        }

        private Optional<Finding> answers() {
            if (!checkAnswers) {
                return Optional.empty();
            }
            return new LinearizabilityChecker(world).check(history)
                    .map(why -> new Finding(ViolationClass.NON_LINEARIZABLE, why));
        }

        /** One operation of a task: invoked, a scheduling point (another task may go first), performed, returned. */
        private void call(Op op) {
            int invoked = clock++;
            Sched.point("syscall", OpFormat.print(op));
            io.mpolcheck.op.Result r = run.apply(op);
            history.add(new HistoryEntry(op.task(), op, r, invoked, clock++));
        }

        private Optional<Finding> sequential(List<Op> ops) {
            try {
                ops.forEach(this::call);
                return Optional.empty();
            } catch (LifetimeViolation v) {
                return Optional.of(lifetime(v));
            } catch (RuntimeException e) {
                return Optional.of(unexpected(e));
            }
        }

        private Optional<Finding> parallelFinding(Outcome outcome) {
            Optional<LifetimeViolation> recorded = run.heap().firstViolation();
            if (recorded.isPresent()) {
                return recorded.map(ScheduledExecution::lifetime);
            }
            for (Optional<Throwable> thrown : outcome.failures()) {
                if (thrown.isPresent()) {
                    Throwable t = thrown.get();
                    return Optional.of(t instanceof LifetimeViolation v ? lifetime(v) : unexpected(t));
                }
            }
            return switch (outcome.status()) {
                case DEADLOCK -> Optional.of(new Finding(ViolationClass.DEADLOCK, outcome.detail()));
                case HANG -> Optional.of(new Finding(ViolationClass.HANG, outcome.detail()));
                case COMPLETED -> Optional.empty();
            };
        }

        private Optional<Finding> teardown(int segments) {
            try {
                for (SchemeRun.Step step : run.teardown(segments)) {
                    int invoked = clock++;
                    history.add(new HistoryEntry(step.op().task(), step.op(), step.result(), invoked, clock++));
                }
                return Optional.empty();
            } catch (LifetimeViolation v) {
                return Optional.of(lifetime(v));
            } catch (RuntimeException e) {
                return Optional.of(unexpected(e));
            }
        }
    }

    private static Finding lifetime(LifetimeViolation v) {
        return new Finding(v.violationClass(), v.getMessage(), v.position());
    }

    private static Finding unexpected(Throwable t) {
        return new Finding(ViolationClass.UNEXPECTED_EXCEPTION, t.toString());
    }

    /** Answer of an operation as a history shows it (for reports). */
    static String show(HistoryEntry e) {
        return "[" + e.invoked() + ".." + e.returned() + "] " + OpFormat.print(e.op()) + " -> " + e.result();
    }
}
