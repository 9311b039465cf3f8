package io.mpolcheck.lincheck;

import io.mpolcheck.scenario.ScenarioGenerator;
import io.mpolcheck.model.WorldConfig;

/**
 * Every search budget of the Lincheck checker, in one place: how many scenarios, how many
 * interleavings of each, how many tasks run in parallel and how many operations each issues, and
 * the world they run in. Three named profiles; each number can be overridden by a system property
 * ({@code -Dmpolcheck.lincheck.scenarios=40} and so on): {@code quick}, the command line's default,
 * with which {@code mvn -B verify} searches every buggy scheme; {@code ci}, with which it certifies
 * every correct scheme (the first 4 of quick's scenarios, so that the suite fits CI's time limit
 * on two cores: a correct scheme spends its whole budget, a buggy one stops at its first finding;
 * in CI a correct scheme is also run on the witness of every bug it fixes, 100 interleavings each);
 * {@code thorough}, on demand. Halving the interleavings instead was tried and lost a canary
 * ({@code get-mempolicy-early-unlock-2017}, found at seed 28 with 40 interleavings, not with 20).
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

    public static final LincheckBudget QUICK = new LincheckBudget("quick", 40, 40, 3, 2, TASK_VMA_WORLD);
    public static final LincheckBudget CI = new LincheckBudget("ci", 4, 40, 3, 2, TASK_VMA_WORLD);
    public static final LincheckBudget THOROUGH = new LincheckBudget("thorough", 100, 200, 3, 3, TASK_VMA_WORLD);

    public LincheckBudget {
        if (scenarios < 1 || invocations < 1 || threads < 1 || opsPerThread < 1) {
            throw new IllegalArgumentException("every budget must be at least 1: " + this);
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
        return new LincheckBudget(name, prop("scenarios", scenarios), prop("invocations", invocations),
                prop("threads", threads), prop("ops", opsPerThread), world);
    }

    private static int prop(String key, int fallback) {
        String v = System.getProperty("mpolcheck.lincheck." + key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dmpolcheck.lincheck." + key + " must be a number, was '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return name + " (" + scenarios + " scenarios x " + invocations + " invocations, " + threads + " tasks x "
                + opsPerThread + " ops; " + world + ")";
    }
}
