package io.mpolcheck.kernel;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Every Lincheck budget of the primitive tests, in one place. The defaults are small (seconds per
 * test on a 2-core machine) and each can be raised from the command line for a scheduled run:
 * {@snippet lang="shell" :
 * mvn -B -pl impl -am verify -Dmpolcheck.lincheck.kernel.iterations=50 -Dmpolcheck.lincheck.kernel.invocations=2000
 * }
 * (pass them to the test JVM with {@code -Dmpolcheck.test.jvmArgs="-Dmpolcheck.lincheck.kernel.iterations=50"}
 * when Surefire forks).
 *
 * <p>Both strategies run on every correct primitive: model checking explores interleavings of a
 * sequentially consistent execution and prints the failing one; stress runs the operations on
 * real threads, which is the only way to meet what model checking assumes away (it cannot show a
 * missing barrier; neither can stress on x86, which is nearly sequentially consistent).
 */
final class KernelLincheckBudget {
    /** Scenarios per test. */
    static final int ITERATIONS = positive("iterations", 10);
    /** Interleavings (model checking) or runs (stress) per scenario. */
    static final int INVOCATIONS = positive("invocations", 300);
    /** Threads per scenario. */
    static final int THREADS = positive("threads", 2);
    /** Operations per thread. */
    static final int ACTORS_PER_THREAD = positive("actorsPerThread", 3);
    /** Scenarios per stress test: stress pays for real threads, so it gets fewer. */
    static final int STRESS_ITERATIONS = positive("stress.iterations", 5);
    /** Runs per stress scenario. */
    static final int STRESS_INVOCATIONS = positive("stress.invocations", 200);
    /** Scenarios per probe of Lincheck's own behaviour ({@code LincheckFindingsTest}). */
    static final int PROBE_ITERATIONS = positive("probe.iterations", 5);
    /** Interleavings per probe scenario. */
    static final int PROBE_INVOCATIONS = positive("probe.invocations", 100);

    private KernelLincheckBudget() {
    }

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(ITERATIONS).invocationsPerIteration(INVOCATIONS)
                .threads(THREADS).actorsPerThread(ACTORS_PER_THREAD).actorsBefore(1).actorsAfter(1);
    }

    static StressOptions stress() {
        return new StressOptions().iterations(STRESS_ITERATIONS).invocationsPerIteration(STRESS_INVOCATIONS)
                .threads(THREADS).actorsPerThread(ACTORS_PER_THREAD).actorsBefore(1).actorsAfter(1);
    }

    /** A small model-checking budget for probes whose outcome is found at once or never. */
    static ModelCheckingOptions probe() {
        return new ModelCheckingOptions().iterations(PROBE_ITERATIONS).invocationsPerIteration(PROBE_INVOCATIONS)
                .threads(2).actorsPerThread(2);
    }

    /** Reads {@code -Dmpolcheck.lincheck.kernel.<name>}; a value that is not a positive integer fails loudly. */
    private static int positive(String name, int fallback) {
        String key = "mpolcheck.lincheck.kernel." + name;
        String v = System.getProperty(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a positive integer, was '" + v + "'");
    }
}
