package io.mpolcheck.kernel;

import static io.mpolcheck.kernel.LincheckScenarios.actor;

import io.mpolcheck.report.ViolationClass;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Broken on purpose (one mistake): the {@link PercpuRef}'s switch to atomic mode runs at once
 * inside {@code kill} ({@link NoGraceRcu}: {@code call_rcu} without a grace period), so a
 * {@code get} that saw percpu mode and has not yet added to its CPU's counter is left out of the
 * sum: the ref is released while that reference is held, and the next put underflows.
 *
 * <p>The kill and the wait for the switch are one operation here, so that a run without
 * concurrency behaves exactly as with real grace periods; only the interleaving of a fast path
 * with the kill can show the mistake. Model checking must report wrong results. (With
 * {@code new Rcu(CPUS)} in place of {@code NoGraceRcu} the same check passes.)
 *
 * <p>The scenario with that pair (kill against a {@code get}, then a {@code put} and
 * {@code is_zero}) is given first ({@link LincheckScenarios}): random scenarios found the race too,
 * but only after about 10 s of scenarios without the pair.
 */
@Param(name = "cpu", gen = IntGen.class, conf = "0:1")
public class Broken07PercpuRefNoGraceLincheckTest {
    static final int CPUS = 2;

    private final Rcu rcu = new NoGraceRcu(CPUS);
    private final PercpuRef ref = new PercpuRef("ref", rcu, CPUS, () -> { });

    @Operation
    public String get(@Param(name = "cpu") int cpu) {
        try {
            ref.get(cpu);
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String put(@Param(name = "cpu") int cpu) {
        try {
            ref.put(cpu);
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    /**
     * {@code percpu_ref_kill} and {@code rcu_barrier}: afterwards the switch is done. One thread
     * only: a second kill concurrent with the first would see it half done (killed, not yet
     * switched), which a specification with an atomic kill-and-wait cannot explain (seen as a
     * false failure with real grace periods).
     */
    @Operation(nonParallelGroup = "killer")
    public String killAndWait() {
        try {
            ref.kill();
            rcu.barrier();
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public boolean isZero() {
        return ref.isZero();
    }

    /** The semantics with a grace period, sequentially. */
    public static final class Spec {
        private long refs = 1;
        private boolean killed;

        public String get(int cpu) {
            if (killed && refs <= 0) {
                return ViolationClass.REFCOUNT_INC_FROM_ZERO.name();
            }
            refs++;
            return "ok";
        }

        public String put(int cpu) {
            if (!killed) {
                refs--;
                return "ok";
            }
            if (refs <= 0) {
                return ViolationClass.REFCOUNT_UNDERFLOW.name();
            }
            refs--;
            return "ok";
        }

        public String killAndWait() {
            if (killed) {
                return ViolationClass.REFCOUNT_UNDERFLOW.name();
            }
            killed = true;
            if (refs <= 0) {
                return ViolationClass.REFCOUNT_UNDERFLOW.name(); // the switch warns
            }
            refs--; // the initial reference
            return "ok";
        }

        public boolean isZero() {
            return killed && refs == 0;
        }
    }

    @Test
    public void modelChecking() {
        Class<?> c = Broken07PercpuRefNoGraceLincheckTest.class;
        var race = LincheckScenarios.scenario(List.of(),
                List.of(List.of(actor(c, "killAndWait")), List.of(actor(c, "get", 0))),
                List.of(actor(c, "put", 0), actor(c, "isZero")));
        LincheckVerdicts.assertFails(KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class)
                .addCustomScenario(race), c, IncorrectResultsFailure.class);
    }
}
