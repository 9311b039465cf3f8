package io.mpolcheck.kernel;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.report.ViolationClass;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyHeap}: {@code mpol_get}, {@code mpol_put}, reads and allocation on a small pool —
 * slot 0 is {@code default_policy}, slots 1 and 2 are {@code mpol#1} ({@code bind:0-1}) and
 * {@code mpol#2} ({@code interleave:0-1}), each with one reference; the refcount bound is
 * {@value #MAX} so that saturation is reachable. Checked as linearizability against
 * {@link Spec}, the heap's documented semantics written as plain sequential code: every heap call
 * must behave as one atomic step, and every lifetime report must be the one the sequential heap
 * would make at that point.
 *
 * <p>Checked twice under model checking: as is (the heap's monitor is what makes calls atomic;
 * Lincheck explores switch points inside) and with the heap treated as atomic, as the scheme
 * harness runs it. How to run: {@code mvn -B -pl impl -am verify -Dtest=PolicyHeapLincheckTest}.
 */
@Param(name = "slot", gen = IntGen.class, conf = "0:2")
public class PolicyHeapLincheckTest {
    static final int MAX = 3;
    static final List<String> VALUES = List.of("local", "bind:0-1", "interleave:0-1");
    private static final Mempolicy BIND = Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(0, 1));
    private static final Mempolicy INTERLEAVE = Mempolicy.of(Mode.MPOL_INTERLEAVE, NodeMask.of(0, 1));
    private static final Mempolicy PREFERRED = Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(1));

    private final PolicyHeap heap = new PolicyHeap(2, MAX);
    private final KPolicy[] pool = {
        heap.defaultPolicy(),
        heap.alloc(BIND),
        heap.alloc(INTERLEAVE),
    };

    @Operation
    public String get(@Param(name = "slot") int slot) {
        try {
            heap.get(pool[slot]);
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String put(@Param(name = "slot") int slot) {
        try {
            heap.put(pool[slot]);
            return "ok";
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String read(@Param(name = "slot") int slot) {
        try {
            Mempolicy v = heap.read(pool[slot]);
            return v == BIND ? VALUES.get(1) : v == INTERLEAVE ? VALUES.get(2) : VALUES.get(0);
        } catch (LifetimeViolation v) {
            return v.violationClass().name();
        }
    }

    @Operation
    public String alloc() {
        return heap.alloc(PREFERRED).name();
    }

    @Operation
    public int live() {
        return heap.liveDynamic().size();
    }

    /** The heap's semantics, sequentially, over the same pool. */
    public static final class Spec {
        private final int[] refs = {1, 1, 1};
        private final boolean[] freed = new boolean[3];
        private int allocated = 2;
        private int frees;

        public String get(int slot) {
            if (freed[slot]) {
                return ViolationClass.USE_AFTER_FREE.name();
            }
            if (refs[slot] == 0) {
                return warn(slot, ViolationClass.REFCOUNT_INC_FROM_ZERO);
            }
            if (refs[slot] < 0 || refs[slot] >= MAX) {
                return warn(slot, ViolationClass.REFCOUNT_SATURATED);
            }
            refs[slot]++;
            return "ok";
        }

        public String put(int slot) {
            if (freed[slot]) {
                return ViolationClass.USE_AFTER_FREE.name();
            }
            if (refs[slot] <= 0) {
                return warn(slot, ViolationClass.REFCOUNT_UNDERFLOW);
            }
            if (--refs[slot] > 0) {
                return "ok";
            }
            if (slot == 0) {
                return ViolationClass.FREE_OF_STATIC.name();
            }
            freed[slot] = true;
            frees++;
            return "ok";
        }

        public String read(int slot) {
            return freed[slot] ? ViolationClass.USE_AFTER_FREE.name() : VALUES.get(slot);
        }

        public String alloc() {
            return "mpol#" + ++allocated;
        }

        public int live() {
            return allocated - frees;
        }

        private String warn(int slot, ViolationClass kind) {
            refs[slot] = KRefcount.SATURATED;
            return kind.name();
        }
    }

    @Test
    public void modelChecking() {
        LincheckVerdicts.assertPasses(KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class),
                PolicyHeapLincheckTest.class);
    }

    @Test
    public void modelChecking_heapTreatedAsAtomic() {
        LincheckVerdicts.assertPasses(KernelLincheckBudget.modelChecking().sequentialSpecification(Spec.class)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(PolicyHeap.class.getName()).allMethods()
                        .treatAsAtomic()), PolicyHeapLincheckTest.class);
    }

    @Test
    public void stress() {
        LincheckVerdicts.assertPasses(KernelLincheckBudget.stress().sequentialSpecification(Spec.class),
                PolicyHeapLincheckTest.class);
    }
}
