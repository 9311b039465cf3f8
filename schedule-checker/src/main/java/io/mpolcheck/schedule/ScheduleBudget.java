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
            throw new IllegalArgumentException("every budget must be at least 1: " + this);
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
        return new ScheduleBudget(base.name, prop("scenarios", base.scenarios), prop("schedules", base.schedules),
                prop("threads", base.threads), prop("ops", base.opsPerThread), base.world);
    }

    private static int prop(String key, int fallback) {
        String v = System.getProperty("mpolcheck.schedule." + key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dmpolcheck.schedule." + key + " must be a number, was '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return name + " (" + scenarios + " scenarios x " + schedules + " schedules, " + threads + " tasks x "
                + opsPerThread + " ops; " + world + ")";
    }
}
