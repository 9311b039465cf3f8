package io.mpolcheck.scheme;

import io.mpolcheck.kernel.KPolicy;
import io.mpolcheck.kernel.PolicyHeap;
import io.mpolcheck.kernel.SharedPolicyLock;
import io.mpolcheck.model.Mempolicy;
import io.mpolcheck.model.Mode;
import io.mpolcheck.model.NodeMask;
import io.mpolcheck.model.WorldConfig;
import io.mpolcheck.report.ViolationClass;

/**
 * {@code prealloc-uninit-refcount-2022} (catalogue entry 9a, CVE-2022-49080): as
 * {@code shared-prealloc-rwlock}, but the spare policy comes from {@code kmem_cache_alloc()} with no
 * {@code atomic_set(&mpol_new->refcnt, 1)}. When the restarted walk still splits, the copy sets
 * the count and nothing shows; when another task changed the tree while the lock was dropped and
 * the split is no longer needed, {@code err_out: mpol_put(mpol_new)} decrements slab garbage
 * ({@link PolicyHeap#SLAB_POISON} here) and the spare is never freed: a leak per lost race.
 *
 * <p>The one mistake: {@link #preallocate()} leaves the count uninitialised. Fixed by 4ad099559b00
 * "mm/mempolicy: fix mpol_new leak in shared_policy_replace" (Miaohe Lin, 2022).
 */
public final class PreallocUninitRefcount2022Scheme extends SharedPreallocRwlockScheme {

    /** Registers {@code prealloc-uninit-refcount-2022}. */
    public static final class Provider implements SchemeProvider {
        @Override
        public SchemeInfo info() {
            return SchemeInfo.buggy("prealloc-uninit-refcount-2022",
                    "As shared-prealloc-rwlock, but the spare policy's reference count is never initialised: when "
                            + "the tree changed while the lock was dropped and the split is no longer needed, the put "
                            + "of the spare decrements garbage and the spare leaks.",
                    "CVE-2022-49080; 4ad099559b00 \"mm/mempolicy: fix mpol_new leak in shared_policy_replace\"; "
                            + "catalogue entry 9a", ViolationClass.LEAK)
                    .withFeature(SchemeInfo.Feature.SHARED_POLICY)
                    // entry 9a: the same race; at the relock the split is no longer needed and the spare is put
                    .withWitness(Witness.of("shared-prealloc-rwlock",
                            "t0 mbind(0x5000, 0x1000, MPOL_PREFERRED, {1}, 65, 0)", "t2 mbind(0x8000, 0x4000, MPOL_DEFAULT, NULL, 0, 0)"));
        }

        @Override
        public PolicyScheme create(WorldConfig world, PolicyHeap heap) {
            return new PreallocUninitRefcount2022Scheme(world, heap);
        }
    }

    public PreallocUninitRefcount2022Scheme(WorldConfig world, PolicyHeap heap) {
        super(world, heap, SharedPolicyLock.Kind.RWLOCK);
    }

    @Override
    protected KPolicy preallocate() {
        return heap.allocUninitialised(Mempolicy.of(Mode.MPOL_LOCAL, NodeMask.EMPTY));
    }
}
