package io.mpolcheck.kernel;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * RCU's guarantee, checked as linearizability against {@link Spec}: an updater publishes version
 * {@code n+1} and retires version {@code n} with {@code call_rcu} (the callback runs
 * {@link Rcu#checkFree} and marks it freed); readers {@code 0} and {@code 1} enter a section
 * (dereferencing the published version at their outermost entry), check what they hold in later
 * operations, and leave. The specification never frees what a reader holds, so a free too early
 * shows as a reader's {@code "UAF"} or as the {@code USE_AFTER_FREE} report of the free.
 *
 * <p>Grace periods are driven by an operation ({@link Rcu#tryGracePeriod}), whose result must
 * follow the grace-period machine of the class comment of {@link Rcu}: the specification runs the
 * same machine sequentially. Sections span operations, so nothing here may block: no
 * {@code synchronize}/{@code barrier} among the operations (they are tested on real threads in
 * {@link RcuTest}). The harness's own state (what each reader holds, the published version) is
 * guarded by the test's monitor; {@link Rcu}'s grace periods and callbacks are not, and those
 * are what is explored. {@link #everyRetiredVersionIsFreed()} checks afterwards that, once every
 * reader has left, {@code rcu_barrier} frees everything retired.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=RcuLincheckTest}.
 */
@Param(name = "r", gen = IntGen.class, conf = "0:1")
public abstract class AbstractRcuLincheckTest {
    static final int READERS = 2;

    /** One published object; {@code older} links the versions it replaced (no java.util list: cheaper to model-check). */
    static final class Version {
        final int number;
        final Version older;
        volatile boolean freed;

        Version(int number, Version older) {
            this.number = number;
            this.older = older;
        }

        @Override
        public String toString() {
            return "v" + number;
        }
    }

    private final Rcu rcu;
    private final Class<? extends LincheckFailure> expectedFailure;
    private Version published = new Version(0, null);
    private final Version[] held = new Version[READERS];
    private final int[] depth = new int[READERS];

    protected AbstractRcuLincheckTest(Rcu rcu, Class<? extends LincheckFailure> expectedFailure) {
        this.rcu = rcu;
        this.expectedFailure = expectedFailure;
    }

    /** {@code rcu_read_lock}; at the outermost level also {@code rcu_dereference} of the published version. Returns the version held. */
    @Operation
    public synchronized int enter(@Param(name = "r") int r) {
        rcu.readLock(r);
        if (depth[r]++ == 0) {
            held[r] = rcu.dereference(r, published);
        }
        return held[r].number;
    }

    /** Uses what reader {@code r} holds: {@code "v<n>"}, {@code "UAF"} if it was freed, {@code "outside"} if not in a section. */
    @Operation
    public synchronized String check(@Param(name = "r") int r) {
        if (depth[r] == 0) {
            return "outside";
        }
        return held[r].freed ? "UAF" : held[r].toString();
    }

    /** {@code rcu_read_unlock}: the depth left, or -1 for an unlock without a lock. */
    @Operation
    public synchronized int exit(@Param(name = "r") int r) {
        try {
            rcu.readUnlock(r);
        } catch (IllegalStateException imbalance) {
            return -1;
        }
        if (--depth[r] == 0) {
            held[r] = null;
        }
        return depth[r];
    }

    /** Publishes the next version and retires the old one with {@code call_rcu}. */
    @Operation
    public synchronized String replace() {
        Version old = published;
        published = new Version(old.number + 1, old);
        try {
            rcu.callRcu(() -> {
                try {
                    rcu.checkFree(old);
                } finally {
                    old.freed = true;
                }
            });
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
        return published.toString();
    }

    /** One step of the grace-period machine. */
    @Operation
    public String gracePeriod() {
        try {
            return String.valueOf(rcu.tryGracePeriod());
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    /** After the run: every reader leaves, {@code rcu_barrier}, and everything retired must be freed. */
    @Validate
    public synchronized void everyRetiredVersionIsFreed() {
        for (int r = 0; r < READERS; r++) {
            for (; depth[r] > 0; depth[r]--) {
                rcu.readUnlock(r);
            }
        }
        rcu.barrier();
        for (Version v = published.older; v != null; v = v.older) {
            if (!v.freed) {
                throw new IllegalStateException(v + " retired but never freed after rcu_barrier");
            }
        }
    }

    /** The documented semantics, sequentially: the grace-period machine of {@link Rcu}; nothing held is ever freed. */
    public static final class Spec {
        private int version;
        private final int[] depth = new int[READERS];
        private final int[] held = new int[READERS];
        private final long[] sections = new long[READERS];
        private final long[] waitFor = new long[READERS];
        private boolean running;

        public int enter(int r) {
            if (depth[r]++ == 0) {
                sections[r]++;
                held[r] = version;
            }
            return held[r];
        }

        public String check(int r) {
            return depth[r] == 0 ? "outside" : "v" + held[r];
        }

        public int exit(int r) {
            return depth[r] == 0 ? -1 : --depth[r];
        }

        public String replace() {
            return "v" + ++version;
        }

        public String gracePeriod() {
            if (!running) {
                for (int r = 0; r < READERS; r++) {
                    waitFor[r] = depth[r] > 0 ? sections[r] : -1;
                }
                running = true;
            }
            for (int r = 0; r < READERS; r++) {
                if (waitFor[r] >= 0 && depth[r] > 0 && sections[r] == waitFor[r]) {
                    return "false";
                }
            }
            running = false;
            return "true";
        }
    }

    /** A scenario to check before the random ones (see {@link LincheckScenarios}); null for none. */
    protected ExecutionScenario firstScenario() {
        return null;
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class);
        var first = firstScenario();
        if (first != null) {
            options = options.addCustomScenario(first);
        }
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    @Test
    public void stress() {
        Assumptions.assumeTrue(expectedFailure == null, "stress is run only on the correct Rcu");
        LincheckVerdicts.assertPasses(KernelLincheckBudget.stress().sequentialSpecification(Spec.class), getClass());
    }
}
