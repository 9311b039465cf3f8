package io.mpolcheck.schedule;

import io.mpolcheck.report.Verdict;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.sched.Schedules;
import io.mpolcheck.sched.Strategy;
import io.mpolcheck.scheme.SchemeProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The schedule engine: scenarios from the same generator and seeds as the Lincheck engine
 * ({@link ScenarioGenerator}), each run under the deterministic scheduler with several schedules
 * (uniformly random, PCT depth 2, PCT depth 3, in turn, each from its own seed); the first finding
 * ends the check. A finding prints the scenario, the schedule line that replays it, the
 * interleaving at the primitives, and the report; its reproducer names the scheme, the scenario
 * seed and the schedule line.
 *
 * <p>Unlike Lincheck, nothing is instrumented: a task can be switched out only at a kernel
 * primitive, so a race that needs a switch between two plain memory accesses of scheme code is
 * out of its reach (every shared access of a built-in scheme goes through a primitive).
 */
public final class ScheduleChecker {
    public static final String NAME = "schedule";

    private ScheduleChecker() {
    }

    /** Checks {@code scheme} on scenarios {@code seed, seed+1, ...}; stops at the first finding. */
    public static Verdict check(SchemeProvider scheme, ScheduleBudget budget, long seed, Consumer<String> progress) {
        return check(scheme, budget, seed, progress, ScheduledExecution.Oracles.ALL);
    }

    /** As {@link #check(SchemeProvider, ScheduleBudget, long, Consumer)} with some oracles off (detection-removal tests). */
    public static Verdict check(SchemeProvider scheme, ScheduleBudget budget, long seed, Consumer<String> progress,
            ScheduledExecution.Oracles oracles) {
        ScenarioGenerator gen = generator(scheme, budget);
        long start = System.nanoTime();
        progress.accept(scheme.info().id() + ": " + budget.scenarios() + " scenarios x " + budget.schedules()
                + " schedules");
        for (int i = 0; i < budget.scenarios(); i++) {
            Scenario scenario = gen.generate(seed + i);
            int steps = 100;
            for (int j = 0; j < budget.schedules(); j++) {
                Strategy strategy = strategy(seed + i, j, steps);
                ScheduledExecution.Result r = ScheduledExecution.run(scheme, budget.world(), scenario, gen.segments(),
                        strategy, oracles);
                steps = Math.max(steps, r.steps());
                if (r.finding().isPresent()) {
                    return found(scheme, budget, seed + i, scenario, r, strategy, start);
                }
            }
        }
        return verdict(scheme, budget, seed, start, Optional.empty(), "", "");
    }

    /**
     * Runs one given scenario (a witness, a user's scenario) under {@code schedules} schedules,
     * strategies in turn as {@link #check} draws them from {@code seed}; the first finding, or empty.
     */
    public static Optional<ScheduledExecution.Result> explore(SchemeProvider scheme, ScheduleBudget budget,
            Scenario scenario, int segments, int schedules, long seed, ScheduledExecution.Oracles oracles) {
        int steps = 100;
        for (int j = 0; j < schedules; j++) {
            ScheduledExecution.Result r = ScheduledExecution.run(scheme, budget.world(), scenario, segments,
                    strategy(seed, j, steps), oracles);
            if (r.finding().isPresent()) {
                return Optional.of(r);
            }
            steps = Math.max(steps, r.steps());
        }
        return Optional.empty();
    }

    /** Replays one execution: scenario {@code seed} of {@code budget}'s generator under {@code scheduleLine}. */
    public static Verdict replay(SchemeProvider scheme, ScheduleBudget budget, long seed, String scheduleLine) {
        ScenarioGenerator gen = generator(scheme, budget);
        Scenario scenario = gen.generate(seed);
        long start = System.nanoTime();
        Strategy strategy = Schedules.replay(scheduleLine);
        ScheduledExecution.Result r = ScheduledExecution.run(scheme, budget.world(), scenario, gen.segments(), strategy);
        if (r.finding().isEmpty()) {
            return verdict(scheme, budget, seed, start, Optional.empty(), "", r.schedule().line());
        }
        return found(scheme, budget, seed, scenario, r, strategy, start);
    }

    /** The strategy of schedule {@code j} of scenario {@code scenarioSeed}: random, PCT 2, PCT 3 in turn. */
    static Strategy strategy(long scenarioSeed, int j, int steps) {
        long seed = scenarioSeed * 1_000_003L + j;
        return switch (j % 3) {
            case 0 -> Schedules.random(seed);
            case 1 -> Schedules.pct(seed, 2, steps);
            default -> Schedules.pct(seed, 3, steps);
        };
    }

    private static ScenarioGenerator generator(SchemeProvider scheme, ScheduleBudget budget) {
        return new ScenarioGenerator(budget.world(), budget.threads(), budget.opsPerThread(), scheme.info().features());
    }

    private static Verdict found(SchemeProvider scheme, ScheduleBudget budget, long seed, Scenario scenario,
            ScheduledExecution.Result r, Strategy strategy, long start) {
        ScheduledExecution.Finding f = r.finding().orElseThrow();
        String text = "scenario (seed " + seed + "):\n" + scenario
                + "schedule (" + strategy.describe() + "): " + r.schedule().line() + "\n"
                + "interleaving at the kernel primitives (a task stops just before the call named last on its line):\n"
                + indent(r.schedule().interleaving())
                + "\n" + f.report();
        return verdict(scheme, budget, seed, start, Optional.of(f), text, r.schedule().line());
    }

    private static Verdict verdict(SchemeProvider scheme, ScheduleBudget budget, long seed, long start,
            Optional<ScheduledExecution.Finding> found, String counterexample, String line) {
        String repro = "./mpolcheck verify --engine schedule --scheme " + scheme.info().id() + " --profile "
                + budget.name() + " --seed " + seed + (found.isPresent() ? " --schedule " + line : "");
        return new Verdict(scheme.info().id(), NAME, scheme.info().expected(),
                found.map(ScheduledExecution.Finding::violation), seed, Duration.ofNanos(System.nanoTime() - start),
                counterexample, repro);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
