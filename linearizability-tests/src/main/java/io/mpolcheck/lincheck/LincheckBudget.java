package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.model.WorldConfig;

/**
 * Every search budget of the Lincheck checker, in one place: how many scenarios, how many
 * interleavings of each, how many tasks run in parallel and how many operations each issues, and
 * the world they run in. Three named profiles; each number can be overridden by a system property
 * ({@code -Dmpolcheck.lincheck.scenarios=40} and so on): {@code quick} (40 x 60), the command
 * line's default, with which {@code ./mpolcheck verify} searches every buggy scheme; {@code ci}
 * (4 x 40), with which {@code mvn -B verify} certifies every correct scheme (the first 4 of quick's
 * scenarios, so that the suite fits CI's time limit on two cores: a correct scheme spends its
 * whole budget; in CI a correct scheme is also run on the witness of every bug it fixes);
 * {@code thorough}, on demand.
 *
 * <p>Why 60 interleavings in quick: {@code get-mempolicy-early-unlock-2017} is the canary Lincheck
 * finds hardest (its race needs the switch between {@code mmap_read_unlock} and the policy read).
 * With 40 it was first found at seed 28; after the primitives were reshaped for the schedule
 * engine's hooks (a public method taking the scheduling point, then the monitor), at seed 77,
 * outside quick's 40 scenarios; with 60, at seed 6. More interleavings per scenario never lose a finding (the
 * first 40 are the same), fewer were tried and lost it (20: not found).
 *
 * <p>Why small: a correct scheme always spends its whole budget (TOOLCHAIN.md measured 945 s for a
 * toy with Lincheck's defaults, 2–11 s with 10–20 scenarios × 200–500 invocations, which still
 * found the toy's bug 5 times out of 5).
 *
 * @param name {@code quick}, {@code ci} or {@code thorough}
 * @param scenarios scenarios generated per scheme
 * @param invocations interleavings explored per scenario (model checking)
 * @param threads tasks running in parallel (task {@code tN} on thread {@code N})
 * @param opsPerThread operations each task issues in the parallel part
 * @param world the world every scenario starts from
 */
public record LincheckBudget(String name, int scenarios, int invocations, int threads, int opsPerThread,
        WorldConfig world) {

    /** t0 and t1 share mm0, t2 is mm1; a fork may create t3 ({@link ScenarioGenerator#WORLD}). */
    public static final WorldConfig TASK_VMA_WORLD = ScenarioGenerator.WORLD;

    public static final LincheckBudget QUICK = new LincheckBudget("quick", 40, 60, 3, 2, TASK_VMA_WORLD);
    public static final LincheckBudget CI = new LincheckBudget("ci", 4, 40, 3, 2, TASK_VMA_WORLD);
    public static final LincheckBudget THOROUGH = new LincheckBudget("thorough", 100, 200, 3, 3, TASK_VMA_WORLD);

    public LincheckBudget {
        if (scenarios < 1 || invocations < 1 || threads < 1 || opsPerThread < 1) {
            throw new IllegalArgumentException("every budget must be at least 1: " + name + " has " + scenarios
                    + " scenarios x " + invocations + " invocations, " + threads + " tasks x " + opsPerThread + " ops");
        }
        if (threads > world.initialTasks()) {
            throw new IllegalArgumentException(threads + " threads need " + threads + " initial tasks, the world has "
                    + world.initialTasks());
        }
    }

    /** The named profile, with system-property overrides applied. */
    public static LincheckBudget profile(String name) {
        LincheckBudget base = switch (name) {
            case "quick" -> QUICK;
            case "ci" -> CI;
            case "thorough" -> THOROUGH;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (known: quick, ci, thorough)");
        };
        return base.withOverrides();
    }

    /** This budget with {@code mpolcheck.lincheck.*} system properties applied. */
    public LincheckBudget withOverrides() {
        return new LincheckBudget(name, prop("scenarios", MAX_SCENARIOS, scenarios),
                prop("invocations", MAX_RUNS, invocations), prop("threads", MAX_THREADS, threads),
                prop("ops", MAX_OPS, opsPerThread), world);
    }

    /** Upper bounds of the overrides: a budget beyond them would run for days, not finish a check. */
    static final int MAX_SCENARIOS = 100_000;
    static final int MAX_RUNS = 1_000_000;
    static final int MAX_THREADS = 6;
    static final int MAX_OPS = 20;

    private static int prop(String key, int max, int fallback) {
        String v = System.getProperty("mpolcheck.lincheck." + key);
        if (v == null) {
            return fallback;
        }
        String name = "-Dmpolcheck.lincheck." + key;
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
        return name + " (" + scenarios + " scenarios x " + invocations + " invocations, " + threads + " tasks x "
                + opsPerThread + " ops; " + world + ")";
    }
}
