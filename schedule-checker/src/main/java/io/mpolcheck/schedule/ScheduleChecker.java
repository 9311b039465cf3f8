package io.mpolcheck.schedule;

import io.mpolcheck.report.Verdict;
import io.mpolcheck.scenario.Scenario;
import io.mpolcheck.scenario.ScenarioSource;
import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.sched.Schedule;
import io.mpolcheck.sched.Schedules;
import io.mpolcheck.sched.Strategy;
import io.mpolcheck.scheme.SchemeProvider;
import java.time.Duration;
import java.util.List;
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
        return search(scheme, budget, seed, progress, oracles).verdict();
    }

    /**
     * A verdict with what a timeline of it needs ({@code mpolcheck explain}): the scenario it is
     * about, the schedule of the execution that found it (no points when nothing was found) and,
     * for a violation found during the run, where the run was.
     */
    public record Traced(Verdict verdict, Scenario scenario, Schedule schedule,
            Optional<io.mpolcheck.sched.Sched.Position> foundAt) {
        Traced(Verdict verdict, Scenario scenario, Schedule schedule) {
            this(verdict, scenario, schedule, Optional.empty());
        }
    }

    /**
     * The check {@code verify --engine schedule} makes, traced: on the scheme's witness when
     * {@code seed} is empty, else from scenario {@code seed} on; or, with a {@code scheduleLine},
     * the one execution that line replays.
     */
    public static Traced trace(SchemeProvider scheme, ScheduleBudget budget, java.util.OptionalLong seed,
            String scheduleLine) {
        Consumer<String> quiet = line -> { };
        if (seed.isEmpty()) {
            ScenarioSource witness = witness(scheme);
            return scheduleLine != null
                    ? replay(scheme, budget, Where.WITNESS, witness.generate(0), witness.segments(), scheduleLine)
                    : searchWitness(scheme, budget, quiet);
        }
        if (scheduleLine != null) {
            ScenarioGenerator gen = generator(scheme, budget);
            return replay(scheme, budget, Where.seed(seed.getAsLong()), gen.generate(seed.getAsLong()), gen.segments(),
                    scheduleLine);
        }
        return search(scheme, budget, seed.getAsLong(), quiet, ScheduledExecution.Oracles.ALL);
    }

    private static Traced search(SchemeProvider scheme, ScheduleBudget budget, long seed, Consumer<String> progress,
            ScheduledExecution.Oracles oracles) {
        ScenarioGenerator gen = generator(scheme, budget);
        long start = System.nanoTime();
        progress.accept(scheme.info().id() + ": " + budget.scenarios() + " scenarios x " + budget.schedules()
                + " schedules");
        for (int i = 0; i < budget.scenarios(); i++) {
            Scenario scenario = gen.generate(seed + i);
            Optional<Run> r = search(scheme, budget, scenario, gen.segments(), budget.schedules(), seed + i, oracles);
            if (r.isPresent()) {
                return found(scheme, budget, Where.seed(seed + i), scenario, r.get().result(), r.get().strategy(), start);
            }
        }
        return new Traced(verdict(scheme, budget, Where.seed(seed), start, Optional.empty(), "", ""),
                gen.generate(seed), new Schedule(List.of(), List.of()));
    }

    /**
     * Runs one given scenario (a witness, a user's scenario) under {@code schedules} schedules,
     * strategies in turn as {@link #check} draws them from {@code seed}; the first finding, or empty.
     */
    public static Optional<ScheduledExecution.Result> explore(SchemeProvider scheme, ScheduleBudget budget,
            Scenario scenario, int segments, int schedules, long seed, ScheduledExecution.Oracles oracles) {
        return search(scheme, budget, scenario, segments, schedules, seed, oracles).map(Run::result);
    }

    /** One execution that found something, and the strategy that scheduled it. */
    private record Run(ScheduledExecution.Result result, Strategy strategy) {
    }

    private static Optional<Run> search(SchemeProvider scheme, ScheduleBudget budget, Scenario scenario, int segments,
            int schedules, long seed, ScheduledExecution.Oracles oracles) {
        int steps = 100;
        for (int j = 0; j < schedules; j++) {
            Strategy strategy = strategy(seed, j, steps);
            ScheduledExecution.Result r = ScheduledExecution.run(scheme, budget.world(), scenario, segments, strategy,
                    oracles);
            if (r.finding().isPresent()) {
                return Optional.of(new Run(r, strategy));
            }
            steps = Math.max(steps, r.steps());
        }
        return Optional.empty();
    }

    /** Replays one execution: scenario {@code seed} of {@code budget}'s generator under {@code scheduleLine}. */
    public static Verdict replay(SchemeProvider scheme, ScheduleBudget budget, long seed, String scheduleLine) {
        return trace(scheme, budget, java.util.OptionalLong.of(seed), scheduleLine).verdict();
    }

    /** Schedules of a witness explored (random, PCT 2, PCT 3 in turn): enough to find every built-in scheme's bug on its witness. */
    public static final int WITNESS_SCHEDULES = 300;

    /**
     * Checks {@code scheme} on the witness it declares (the catalogue's interleaving as operations
     * per task) under {@link #WITNESS_SCHEDULES} schedules.
     *
     * @throws IllegalArgumentException when the scheme declares no witness
     */
    public static Verdict checkWitness(SchemeProvider scheme, ScheduleBudget budget, Consumer<String> progress) {
        return searchWitness(scheme, budget, progress).verdict();
    }

    private static Traced searchWitness(SchemeProvider scheme, ScheduleBudget budget, Consumer<String> progress) {
        ScenarioSource witness = witness(scheme);
        Scenario scenario = witness.generate(0);
        long start = System.nanoTime();
        progress.accept(scheme.info().id() + ": its witness x " + WITNESS_SCHEDULES + " schedules");
        Optional<Run> r = search(scheme, budget, scenario, witness.segments(), WITNESS_SCHEDULES, 1,
                ScheduledExecution.Oracles.ALL);
        if (r.isPresent()) {
            return found(scheme, budget, Where.WITNESS, scenario, r.get().result(), r.get().strategy(), start);
        }
        return new Traced(verdict(scheme, budget, Where.WITNESS, start, Optional.empty(), "", ""), scenario,
                new Schedule(List.of(), List.of()));
    }

    /** Replays one execution of {@code scheme}'s witness under {@code scheduleLine}. */
    public static Verdict replayWitness(SchemeProvider scheme, ScheduleBudget budget, String scheduleLine) {
        return trace(scheme, budget, java.util.OptionalLong.empty(), scheduleLine).verdict();
    }

    private static ScenarioSource witness(SchemeProvider scheme) {
        return scheme.info().witnessScenario().orElseThrow(
                () -> new IllegalArgumentException(scheme.info().id() + " declares no witness"));
    }

    private static Traced replay(SchemeProvider scheme, ScheduleBudget budget, Where where, Scenario scenario,
            int segments, String scheduleLine) {
        long start = System.nanoTime();
        Strategy strategy = Schedules.replay(scheduleLine);
        ScheduledExecution.Result r = ScheduledExecution.run(scheme, budget.world(), scenario, segments, strategy);
        if (r.finding().isEmpty()) {
            return new Traced(verdict(scheme, budget, where, start, Optional.empty(), "", r.schedule().line()), scenario,
                    r.schedule());
        }
        return found(scheme, budget, where, scenario, r, strategy, start);
    }

    /** Which scenario a verdict is about: seed {@code seed} of the generator, or the scheme's witness. */
    private record Where(long seed, boolean witness) {
        static final Where WITNESS = new Where(0, true);

        static Where seed(long seed) {
            return new Where(seed, false);
        }

        String label() {
            return witness ? "witness" : "seed " + seed;
        }

        String option() {
            return witness ? "--witness" : "--seed " + seed;
        }
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

    private static Traced found(SchemeProvider scheme, ScheduleBudget budget, Where where, Scenario scenario,
            ScheduledExecution.Result r, Strategy strategy, long start) {
        ScheduledExecution.Finding f = r.finding().orElseThrow();
        String text = "scenario (" + where.label() + "):\n" + scenario
                + "schedule (" + strategy.describe() + "): " + r.schedule().line() + "\n"
                + "interleaving at the kernel primitives (one line per stretch a task ran without a switch; it stopped "
                + "just before the call named last and made that call when it next ran):\n"
                + indent(interleaving(r.schedule(), scenario))
                + "\n" + f.report();
        return new Traced(verdict(scheme, budget, where, start, Optional.of(f), text, r.schedule().line()), scenario,
                r.schedule(), f.position());
    }

    private static Verdict verdict(SchemeProvider scheme, ScheduleBudget budget, Where where, long start,
            Optional<ScheduledExecution.Finding> found, String counterexample, String line) {
        String repro = "./mpolcheck verify --engine schedule --scheme " + scheme.info().id() + " --profile "
                + budget.name() + " " + where.option() + (found.isPresent() ? " --schedule " + line : "");
        return new Verdict(scheme.info().id(), NAME, scheme.info().expected(),
                found.map(ScheduledExecution.Finding::violation), where.seed(), Duration.ofNanos(System.nanoTime() - start),
                counterexample, repro);
    }

    /**
     * The schedule's points, one line per stretch one thread ran, each line labelled with the task
     * the thread runs ({@code "t2: syscall(t2 numa_maps(t0)), mmOf"}; {@code "thread 1"} for a thread
     * that runs several tasks' operations), not with the thread's slot number.
     */
    static String interleaving(Schedule schedule, Scenario scenario) {
        StringBuilder sb = new StringBuilder();
        int last = -1;
        for (String point : schedule.points()) {
            int space = point.indexOf(' ');
            int thread = Integer.parseInt(point.substring(1, space));
            if (thread == last) {
                sb.append(", ");
            } else {
                List<String> tasks = thread < scenario.parallel().size() ? scenario.tasksOf(thread) : List.of();
                sb.append(last < 0 ? "" : "\n").append(tasks.size() == 1 ? tasks.get(0) : "thread " + thread)
                        .append(": ");
                last = thread;
            }
            sb.append(point.substring(space + 1));
        }
        return sb.append('\n').toString();
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
    }
}
