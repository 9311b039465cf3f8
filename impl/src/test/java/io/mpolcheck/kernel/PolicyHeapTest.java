package io.mpolcheck.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.PolicyId;
import io.mpolcheck.report.ViolationClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link PolicyHeap}: the semantics of {@code mpol_get}/{@code mpol_put} and every report, golden. */
class PolicyHeapTest {
    static final Mempolicy BIND = Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(0, 1));
    static final Mempolicy INTERLEAVE = Mempolicy.of(Mode.MPOL_INTERLEAVE, NodeMask.of(0, 1, 2, 3));
    static final String SET_BIND = "t0 set_mempolicy(MPOL_BIND, {0-1}, 65)";
    static final String SET_DEFAULT = "t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)";
    static final String NUMA_MAPS = "t1 numa_maps(t0)";

    private final PolicyHeap heap = new PolicyHeap(2);

    @AfterEach
    void exit() {
        OpContext.exit();
    }

    /* --------------- Static policies --------------- */

    @Test
    void statics_areNamedValuedAndHeldOnce() {
        KPolicy def = heap.defaultPolicy();
        assertThat(def.name()).isEqualTo("default_policy");
        assertThat(def.id()).isEqualTo(-1);
        assertThat(def.policyId()).isEqualTo(PolicyId.DEFAULT_POLICY);
        assertThat(def.isStatic()).isTrue();
        assertThat(heap.read(def)).isEqualTo(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
        assertThat(heap.refcount(def)).isEqualTo(1);

        KPolicy pref = heap.preferredNodePolicy(1);
        assertThat(pref.name()).isEqualTo("preferred_node_policy[1]");
        assertThat(pref.policyId()).isEqualTo(PolicyId.preferredNodePolicy(1));
        assertThat(heap.read(pref)).isEqualTo(Mempolicy.of(Mode.MPOL_PREFERRED, NodeMask.of(1)));
        assertThat(heap.readFlags(pref)).isEqualTo(KPolicy.MPOL_F_MOF | KPolicy.MPOL_F_MORON);
        assertThat(heap.refcount(pref)).isEqualTo(1);
        assertThat(heap.liveDynamic()).isEmpty();
    }

    @Test
    void getPutPairs_onStatics_neverFree() {
        for (KPolicy p : new KPolicy[] {heap.defaultPolicy(), heap.preferredNodePolicy(0)}) {
            for (int i = 0; i < 3; i++) {
                heap.get(p);
                heap.get(p);
                heap.put(p);
                heap.put(p);
            }
            assertThat(heap.refcount(p)).isEqualTo(1);
            assertThat(heap.isFreed(p)).isFalse();
        }
        assertThat(heap.firstViolation()).isEmpty();
    }

    @Test
    void unpairedPut_onDefaultPolicy_isFreeOfStatic() {
        OpContext.enter(0, "t0 exit()");
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class,
                () -> heap.put(heap.defaultPolicy()));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.FREE_OF_STATIC);
        assertThat(expected.getMessage()).isEqualTo("""
                BUG: kmem_cache_free of static default_policy (local)
                Free by task t0 during: t0 exit()
                Allocated statically (never free it)
                """);
        assertThat(heap.isFreed(heap.defaultPolicy())).isFalse();
        assertThat(heap.refcount(heap.defaultPolicy())).isZero();
    }

    @Test
    void getAfterUnpairedPut_onStatic_isAdditionOnZero() {
        KPolicy pref = heap.preferredNodePolicy(1);
        catchThrowableOfType(LifetimeViolation.class, () -> heap.put(pref));
        OpContext.enter(1, NUMA_MAPS);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> heap.get(pref));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_INC_FROM_ZERO);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: addition on 0; use-after-free.
                refcount_inc on preferred_node_policy[1] (prefer:1) by task t1 during: t1 numa_maps(t0)
                Allocated statically (never free it)
                """);
    }

    @Test
    void secondUnpairedPut_onStatic_isUnderflow() {
        KPolicy def = heap.defaultPolicy();
        catchThrowableOfType(LifetimeViolation.class, () -> heap.put(def));
        OpContext.enter(1, "t1 exit()");
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> heap.put(def));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_UNDERFLOW);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: underflow; use-after-free.
                refcount_dec_and_test on default_policy (local) by task t1 during: t1 exit()
                Allocated statically (never free it)
                """);
    }

    /* --------------- Dynamic policies --------------- */

    @Test
    void alloc_numbersFromOne_withOneReference() {
        KPolicy a = heap.alloc(BIND);
        KPolicy b = heap.alloc(INTERLEAVE, KPolicy.MPOL_F_SHARED);
        assertThat(a.name()).isEqualTo("mpol#1");
        assertThat(b.name()).isEqualTo("mpol#2");
        assertThat(b.toString()).isEqualTo("mpol#2");
        assertThat(a.isStatic()).isFalse();
        assertThat(heap.refcount(a)).isEqualTo(1);
        assertThat(heap.read(a)).isEqualTo(BIND);
        assertThat(heap.readFlags(a)).isZero();
        assertThat(heap.readFlags(b)).isEqualTo(KPolicy.MPOL_F_SHARED);
        assertThat(heap.liveDynamic()).containsExactly(a, b);
    }

    @Test
    void put_toZero_frees() {
        KPolicy p = heap.alloc(BIND);
        heap.get(p);
        heap.put(p);
        assertThat(heap.isFreed(p)).isFalse();
        heap.put(p);
        assertThat(heap.isFreed(p)).isTrue();
        assertThat(heap.liveDynamic()).isEmpty();
        assertThat(heap.firstViolation()).isEmpty();
        heap.checkNoLeaks();
    }

    @Test
    void getAndPut_areNullSafe() {
        heap.get(null);
        heap.put(null);
        assertThat(heap.firstViolation()).isEmpty();
    }

    @Test
    void write_replacesTheValueInPlace() {
        KPolicy p = heap.alloc(BIND);
        heap.write(p, INTERLEAVE);
        assertThat(heap.read(p)).isEqualTo(INTERLEAVE);
    }

    @Test
    void objectOfAnotherHeap_isRejected() {
        KPolicy foreign = new PolicyHeap(1).alloc(BIND);
        assertThatThrownBy(() -> heap.read(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mpol#1 belongs to another heap");
    }

    /* --------------- Reports --------------- */

    /** The brief's example: t0 replaces its policy, t1 reads the old one through numa_maps. */
    @Test
    void read_afterFree_isSlabUseAfterFree() {
        KPolicy p = allocThirdBind();
        OpContext.enter(0, SET_DEFAULT);
        heap.put(p);
        OpContext.enter(1, NUMA_MAPS);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> heap.read(p));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        assertThat(expected.getMessage()).isEqualTo("""
                BUG: KASAN: slab-use-after-free on mpol#3 (bind:0-1)
                Read by task t1 during: t1 numa_maps(t0)
                Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
                Freed by task t0 during: t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)
                """);
        assertThat(expected.headline()).isEqualTo("BUG: KASAN: slab-use-after-free on mpol#3 (bind:0-1)");
    }

    @Test
    void getOrPut_afterFree_isAWriteAfterFree() {
        KPolicy p = allocThirdBind();
        OpContext.enter(0, SET_DEFAULT);
        heap.put(p);
        OpContext.enter(1, NUMA_MAPS);
        for (Runnable access : new Runnable[] {() -> heap.get(p), () -> heap.put(p), () -> p.refcount().inc(),
            () -> heap.readFlags(p)}) {
            LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, access::run);
            assertThat(expected.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE);
        }
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> heap.get(p));
        assertThat(expected.getMessage()).isEqualTo("""
                BUG: KASAN: slab-use-after-free on mpol#3 (bind:0-1)
                Write by task t1 during: t1 numa_maps(t0)
                Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
                Freed by task t0 during: t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)
                """);
    }

    @Test
    void free_twice_isDoubleFree() {
        KPolicy p = allocThirdBind();
        OpContext.enter(0, SET_DEFAULT);
        heap.put(p);
        OpContext.enter(1, "t1 exit()");
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> heap.free(p));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.DOUBLE_FREE);
        assertThat(expected.getMessage()).isEqualTo("""
                BUG: KASAN: double-free on mpol#3 (bind:0-1)
                Free by task t1 during: t1 exit()
                Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
                Freed by task t0 during: t0 set_mempolicy(MPOL_DEFAULT, NULL, 0)
                """);
    }

    @Test
    void free_ofStaticPreferredPolicy_isFreeOfStatic() {
        OpContext.enter(0, "t0 exit()");
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class,
                () -> heap.free(heap.preferredNodePolicy(0)));
        assertThat(expected.headline()).isEqualTo("BUG: kmem_cache_free of static preferred_node_policy[0] (prefer:0)");
    }

    @Test
    void get_pastTheBound_isSaturated() {
        PolicyHeap small = new PolicyHeap(1, 2);
        OpContext.enter(0, SET_BIND);
        KPolicy p = small.alloc(BIND);
        small.get(p);
        OpContext.enter(1, NUMA_MAPS);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, () -> small.get(p));
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.REFCOUNT_SATURATED);
        assertThat(expected.getMessage()).isEqualTo("""
                refcount_t: saturated; leaking memory.
                refcount_inc on mpol#1 (bind:0-1) by task t1 during: t1 numa_maps(t0)
                Allocated by task t0 during: t0 set_mempolicy(MPOL_BIND, {0-1}, 65)
                """);
        assertThat(small.refcount(p)).isEqualTo(KRefcount.SATURATED);
    }

    @Test
    void checkNoLeaks_listsEveryLiveObjectWithItsAllocationSite() {
        OpContext.enter(0, SET_BIND);
        KPolicy a = heap.alloc(BIND);
        OpContext.enter(2, "t2 mbind(0x1000, 0x1000, MPOL_INTERLEAVE, {0-3}, 65, 0)");
        heap.alloc(INTERLEAVE);
        heap.get(heap.defaultPolicy());
        OpContext.enter(0, SET_DEFAULT);
        heap.put(a);
        OpContext.enter(3, "t3 fork()");
        KPolicy c = heap.alloc(BIND);
        heap.get(c);
        LifetimeViolation expected = catchThrowableOfType(LifetimeViolation.class, heap::checkNoLeaks);
        assertThat(expected.violationClass()).isEqualTo(ViolationClass.LEAK);
        assertThat(expected.getMessage()).isEqualTo("""
                kmemleak: 2 new suspected memory leaks
                unreferenced object mpol#2 (interleave:0-3) (refcount 1):
                  allocated by task t2 during: t2 mbind(0x1000, 0x1000, MPOL_INTERLEAVE, {0-3}, 65, 0)
                unreferenced object mpol#3 (bind:0-1) (refcount 2):
                  allocated by task t3 during: t3 fork()
                """);
    }

    @Test
    void checkNoLeaks_oneLeak_singular() {
        heap.alloc(BIND);
        assertThatThrownBy(heap::checkNoLeaks).hasMessageStartingWith("kmemleak: 1 new suspected memory leak\n");
    }

    @Test
    void swallowedReport_isStillInTheSink() {
        KPolicy p = heap.alloc(BIND);
        heap.put(p);
        try {
            heap.read(p);
        } catch (LifetimeViolation tolerated) {
            // a scheme that swallows the report
        }
        assertThat(heap.firstViolation()).hasValueSatisfying(
                v -> assertThat(v.violationClass()).isEqualTo(ViolationClass.USE_AFTER_FREE));
        assertThat(heap.violations()).hasSize(1);
    }

    @Test
    void firstViolation_keepsTheFirst() {
        KPolicy p = heap.alloc(BIND);
        heap.put(p);
        catchThrowableOfType(LifetimeViolation.class, () -> heap.free(p));
        catchThrowableOfType(LifetimeViolation.class, () -> heap.read(p));
        assertThat(heap.firstViolation().orElseThrow().violationClass()).isEqualTo(ViolationClass.DOUBLE_FREE);
        assertThat(heap.violations()).extracting(LifetimeViolation::violationClass)
                .containsExactly(ViolationClass.DOUBLE_FREE, ViolationClass.USE_AFTER_FREE);
    }

    /** mpol#1 and #2 are dropped at once; mpol#3 is {@code bind:0-1}, allocated by t0's set_mempolicy. */
    private KPolicy allocThirdBind() {
        OpContext.enter(0, SET_BIND);
        heap.put(heap.alloc(BIND));
        heap.put(heap.alloc(BIND));
        return heap.alloc(BIND);
    }

    @Test
    void decAndTest_dropsTheLastReferenceWithoutFreeing_andTheCallerFreesLater() {
        KPolicy p = heap.alloc(Mempolicy.of(Mode.MPOL_BIND, NodeMask.of(1)));
        heap.get(p);
        assertThat(heap.decAndTest(p)).isFalse();
        assertThat(heap.decAndTest(p)).isTrue();
        assertThat(heap.isFreed(p)).isFalse();
        heap.free(p);
        assertThat(heap.isFreed(p)).isTrue();
        assertThatThrownBy(() -> heap.decAndTest(p)).isInstanceOf(LifetimeViolation.class);
    }

    @Test
    void putNull_isANullDereferenceOops_unlessTheHeapIsBlind() {
        OpContext.enter(2, "t2 numa_maps(t0)");
        LifetimeViolation oops = catchThrowableOfType(LifetimeViolation.class, () -> heap.putNull("__mpol_put"));
        assertThat(oops.violationClass()).isEqualTo(ViolationClass.NULL_DEREFERENCE);
        assertThat(oops.getMessage()).startsWith("BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
                + "RIP: __mpol_put\nby task t2 during: t2 numa_maps(t0)");
        assertThat(heap.firstViolation()).contains(oops);

        PolicyHeap blind = new PolicyHeap(2).blind();
        blind.putNull("__mpol_put");
        assertThat(blind.firstViolation()).isEmpty();
        assertThat(blind.reportsSuppressed()).isTrue();
    }
}
