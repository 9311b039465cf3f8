package io.mpolcheck.schedule;

import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.scenario.ScenarioGenerator;

/**
 * The search budget of the schedule engine: how many scenarios (the same generator and seeds as
 * the Lincheck engine's), how many schedules of each, and the scenario shape. Profiles
 * {@code quick}, {@code ci} and {@code thorough}; overrides by {@code -Dmpolcheck.schedule.scenarios=N},
 * {@code .schedules}, {@code .threads}, {@code .ops}.
 *
 * @param schedules schedules per scenario, drawn in turn: uniformly random, PCT of depth 2, PCT of depth 3
 */
public record ScheduleBudget(String name, int scenarios, int schedules, int threads, int opsPerThread,
        WorldConfig world) {

    public static final ScheduleBudget QUICK = new ScheduleBudget("quick", 40, 60, 3, 2, ScenarioGenerator.WORLD);
    public static final ScheduleBudget CI = new ScheduleBudget("ci", 40, 30, 3, 2, ScenarioGenerator.WORLD);
    public static final ScheduleBudget THOROUGH = new ScheduleBudget("thorough", 100, 500, 3, 3, ScenarioGenerator.WORLD);

    public ScheduleBudget {
        if (scenarios < 1 || schedules < 1 || threads < 1 || opsPerThread < 1) {
            throw new IllegalArgumentException("every budget must be at least 1: " + name + " has " + scenarios
                    + " scenarios x " + schedules + " schedules, " + threads + " tasks x " + opsPerThread + " ops");
        }
    }

    /** The named profile with {@code mpolcheck.schedule.*} overrides. */
    public static ScheduleBudget profile(String name) {
        ScheduleBudget base = switch (name) {
            case "quick" -> QUICK;
            case "ci" -> CI;
            case "thorough" -> THOROUGH;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (known: quick, ci, thorough)");
        };
        return new ScheduleBudget(base.name, prop("scenarios", MAX_SCENARIOS, base.scenarios),
                prop("schedules", MAX_RUNS, base.schedules), prop("threads", MAX_THREADS, base.threads),
                prop("ops", MAX_OPS, base.opsPerThread), base.world);
    }

    /** Upper bounds of the overrides: a budget beyond them would run for days, not finish a check. */
    static final int MAX_SCENARIOS = 100_000;
    static final int MAX_RUNS = 1_000_000;
    static final int MAX_THREADS = 6;
    static final int MAX_OPS = 20;

    private static int prop(String key, int max, int fallback) {
        String v = System.getProperty("mpolcheck.schedule." + key);
        if (v == null) {
            return fallback;
        }
        String name = "-Dmpolcheck.schedule." + key;
        if (!v.strip().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(name + " must be a whole number 1.." + max + ", was '" + v + "'");
        }
        int n = Integer.parseInt(v.strip());
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(name + " must be 1.." + max + ", was " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " (" + scenarios + " scenarios x " + schedules + " schedules, " + threads + " tasks x "
                + opsPerThread + " ops; " + world + ")";
    }
}
