package io.mpolcheck.kernel;

import java.util.function.Function;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * {@code percpu_ref} as the Dec 2022 series uses it, with both bindings: CPUs {@code 0} and
 * {@code 1} take references with {@code percpu_ref_tryget} and put only what they hold; the owner
 * kills the ref once ({@code percpu_ref_kill}) and waits until the switch to atomic mode is done
 * (the grace period and the switch's callback). Against {@link Spec}, a logical count: a tryget
 * fails only once the ref is released, and the release happens exactly once, in the call that
 * drops the last reference after the kill — on the CPU that put it, or in the kill if no one else
 * holds one. A release while a reference is still held, a second release, or a release that never
 * comes is a failure.
 *
 * <p>Only well-formed use is exercised (no put without a reference, no second kill): the tracked
 * {@link PercpuRef}'s reports of misuse are checked by {@code PercpuRefLincheckTest}; the fast
 * binding has no reports. This is the test that the tracked ref and the benchmarks' fast one
 * ({@code PercpuRefFast}) both pass.
 *
 * <p>How to run one: {@code mvn -B -pl impl -am verify -Dtest=PercpuRefDrainLincheckTest}.
 */
public abstract class AbstractPercpuRefDrainLincheckTest {

    /** One {@code percpu_ref} over CPUs {@code 0} and {@code 1}, as the test uses it. */
    public interface Ref {
        boolean tryget(int cpu);

        void put(int cpu);

        /** {@code percpu_ref_kill}, then wait until the switch to atomic mode has completed. */
        void killAndDrain();
    }

    private final Ref ref;
    private final Class<? extends LincheckFailure> expectedFailure;
    private final int[] held = new int[2];
    private boolean killed;
    private volatile Thread releaser;
    private volatile int releases;

    /** @param make builds the ref with the given release callback */
    protected AbstractPercpuRefDrainLincheckTest(Function<Runnable, Ref> make,
            Class<? extends LincheckFailure> expectedFailure) {
        this.ref = make.apply(this::released);
        this.expectedFailure = expectedFailure;
    }

    private void released() {
        releaser = Thread.currentThread();
        releases++;
    }

    @Operation(nonParallelGroup = "cpu0")
    public boolean tryget0() {
        return tryget(0);
    }

    @Operation(nonParallelGroup = "cpu1")
    public boolean tryget1() {
        return tryget(1);
    }

    @Operation(nonParallelGroup = "cpu0")
    public String put0() {
        return put(0);
    }

    @Operation(nonParallelGroup = "cpu1")
    public String put1() {
        return put(1);
    }

    /** The owner's {@code percpu_ref_kill} and the wait for the switch; only the first call kills. */
    @Operation(nonParallelGroup = "owner")
    public String killAndDrain() {
        if (killed) {
            return "already";
        }
        killed = true;
        Thread before = releaser;
        ref.killAndDrain();
        return "killed" + releasedHere(before);
    }

    private boolean tryget(int cpu) {
        boolean got = ref.tryget(cpu);
        if (got) {
            held[cpu]++;
        }
        return got;
    }

    private String put(int cpu) {
        if (held[cpu] == 0) {
            return "none";
        }
        held[cpu]--;
        Thread before = releaser;
        ref.put(cpu);
        return "put" + releasedHere(before);
    }

    /** {@code ",released"} if the release happened on this thread during the call. */
    private String releasedHere(Thread before) {
        return before == null && releaser == Thread.currentThread() ? ",released" : "";
    }

    @Validate
    public void releasedAtMostOnce() {
        if (releases > 1) {
            throw new IllegalStateException("release called " + releases + " times");
        }
    }

    /** The logical count: the owner's initial reference plus every successful tryget not yet put. */
    public static final class Spec {
        private int refs = 1;
        private final int[] held = new int[2];
        private boolean killed;
        private boolean released;

        public boolean tryget0() {
            return tryget(0);
        }

        public boolean tryget1() {
            return tryget(1);
        }

        public String put0() {
            return put(0);
        }

        public String put1() {
            return put(1);
        }

        public String killAndDrain() {
            if (killed) {
                return "already";
            }
            killed = true;
            return "killed" + drop();
        }

        private boolean tryget(int cpu) {
            if (released) {
                return false;
            }
            refs++;
            held[cpu]++;
            return true;
        }

        private String put(int cpu) {
            if (held[cpu] == 0) {
                return "none";
            }
            held[cpu]--;
            return "put" + drop();
        }

        private String drop() {
            refs--;
            if (killed && refs == 0) {
                released = true;
                return ",released";
            }
            return "";
        }
    }

    @Test
    public void modelChecking() {
        var options = KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class);
        if (expectedFailure == null) {
            LincheckVerdicts.assertPasses(options, getClass());
        } else {
            LincheckVerdicts.assertFails(options, getClass(), expectedFailure);
        }
    }

    /* --------------- Adapters --------------- */

    /** The tracked {@link PercpuRef}: the drain is {@code rcu_barrier()}, which runs the switch's callback. */
    static Ref tracked(Runnable release) {
        Rcu rcu = new Rcu(2);
        PercpuRef ref = new PercpuRef("ref", rcu, 2, release);
        return new Ref() {
            @Override
            public boolean tryget(int cpu) {
                return ref.tryget(cpu);
            }

            @Override
            public void put(int cpu) {
                ref.put(cpu);
            }

            @Override
            public void killAndDrain() {
                ref.kill();
                rcu.barrier();
            }
        };
    }
}
